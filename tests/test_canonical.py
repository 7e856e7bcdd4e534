"""Canonical entries: medoid choice, templated title/text, variations, dates."""

from __future__ import annotations

import random

from pipeline.canonical import Member, build_canonical, medoid, representative
from pipeline.normalise import template_of

BODY = "查询医保卡余额有多种方法。\n拨打全国统一的医保客服热线12333。\n登录所在地区的医保局网站查询。\n携带身份证前往当地医保经办机构。"


def member(key: str, city: str, extra: str = "", seen: str = "2025-06-05T10:00:00") -> Member:
    text = BODY.replace("当地", city) + (("\n" + extra) if extra else "")
    template, cities = template_of(f"{city}医保卡余额怎么查?\n{text}")
    return Member(key, f"https://x/{key}", f"{city}医保卡余额怎么查?", text, template_of(text)[0], cities, seen)


def test_medoid_prefers_the_copy_without_local_extras():
    members = [
        member("a", "益阳", extra="益阳本地热线0737-4221234,工作日可拨打。"),
        member("b", "嘉兴"),
        member("c", "深圳", extra="也可以使用粤省事小程序查询个人账户余额。"),
    ]
    assert medoid(members) == 1
    canon = build_canonical(members)
    assert canon.representative == "b"
    assert canon.title == "{city}医保卡余额怎么查?"
    assert "{city}" in canon.template_text and "嘉兴" not in canon.template_text
    assert canon.cities == ("益阳", "嘉兴", "深圳")
    assert canon.urls == ("https://x/a", "https://x/b", "https://x/c")
    assert canon.variations == {
        "a": ("益阳本地热线0737-4221234,工作日可拨打。",),
        "c": ("也可以使用粤省事小程序查询个人账户余额。",),
    }


def test_ties_go_to_smallest_key_and_dates_span():
    members = [member("z", "益阳", seen="2025-06-07T00:00:00"), member("m", "嘉兴", seen="2025-04-28T20:26:21")]
    canon = build_canonical(members)
    assert canon.representative == "m"
    assert (canon.first_seen, canon.last_seen) == ("2025-04-28T20:26:21", "2025-06-07T00:00:00")
    assert canon.variations == {}


def test_a_tie_goes_to_the_stored_representative_and_only_a_tie():
    # copies that differ only in the city have one template: equally good medoids
    copies = [member("m", "嘉兴"), member("z", "益阳"), member("q", "银川")]
    assert representative(copies).key == "m"
    assert representative(copies, incumbent="z").key == "z"
    assert representative(copies, incumbent="gone").key == "m"
    # a stored representative that is now worse than the medoid gives way
    worse = [
        member("b", "嘉兴"),
        member("c", "银川"),
        member("a", "益阳", extra="益阳本地热线0737-4221234,工作日可拨打。"),
    ]
    assert representative(worse, incumbent="a").key == "b"


def test_single_member():
    canon = build_canonical([member("only", "银川")])
    assert canon.representative == "only" and canon.cities == ("银川",)


def test_seen_at_compares_instants_across_time_zones():
    members = [
        member("a", "益阳", seen="2025-06-05T09:00:00+08:00"),  # 01:00 UTC: the earliest
        member("b", "嘉兴", seen="2025-06-05T02:00:00Z"),
        member("c", "深圳", seen="2025-06-04T23:30:00-05:00"),  # 04:30 UTC next day: the latest
        member("d", "银川", seen="2025-06-05T03:00:00"),  # naive: taken as UTC
    ]
    canon = build_canonical(members)
    assert (canon.first_seen, canon.last_seen) == ("2025-06-05T09:00:00+08:00", "2025-06-04T23:30:00-05:00")


def test_unparseable_seen_at_does_not_win():
    canon = build_canonical([member("a", "益阳", seen="yesterday"), member("b", "嘉兴", seen="2025-06-05T02:00:00Z")])
    assert canon.first_seen == "2025-06-05T02:00:00Z"


def test_build_canonical_does_not_depend_on_member_order():
    members = [
        member("a", "益阳", extra="益阳本地热线0737-4221234,工作日可拨打。", seen="2025-06-07T00:00:00+08:00"),
        member("b", "嘉兴", seen="2025-06-05T10:00:00Z"),
        member("c", "深圳", extra="也可以使用粤省事小程序查询个人账户余额。", seen="2025-06-06T10:00:00"),
        member("d", "银川"),
    ]
    expected = build_canonical(members)
    for seed in range(5):
        shuffled = members[:]
        random.Random(seed).shuffle(shuffled)
        assert build_canonical(shuffled) == expected
