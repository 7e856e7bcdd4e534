"""An incremental run keeps a cluster's canonical entry when nothing better arrived."""

from __future__ import annotations

from sqlalchemy import text

from pipeline.canonical import representative
from storage.db import open_db
from storage.repository import RawInput, url_hash
from winnow.service import corpus
from winnow.service.batches import BatchWriter, store_all
from winnow.service.corpus import recluster

CITIES = ["益阳", "嘉兴", "银川", "昆明", "兰州", "大连", "温州", "泉州"]
ANSWER = [
    "{c}医保卡余额可以通过多种方式查询，最方便的是拨打医保服务热线12333。",
    "也可以登录{c}医疗保障局的官方网站，输入身份证号和密码后查询个人账户余额。",
    "还可以下载国家医保服务平台APP，完成实名认证后在首页查看余额和消费明细。",
    "如果不方便使用手机，可以携带身份证和医保卡到{c}医保经办窗口打印对账单。",
]


def page(city: str, ascii_punct: bool) -> bytes:
    paragraphs = [p.format(c=city) for p in ANSWER]
    if ascii_punct:
        paragraphs = [p.replace("，", ",").replace("。", ".") for p in paragraphs]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{city}医保卡余额怎么查</title></head><body><article>"
        f"<h1>{city}医保卡余额怎么查</h1>{body}</article></body></html>"
    ).encode()


def raws(names: list[tuple[str, str]], ascii_punct: bool) -> list[RawInput]:
    return [
        RawInput(url=f"http://farm.example.cn/{name}.html", body=page(city, ascii_punct), headers={}, kind="html")
        for name, city in names
    ]


def entry(sessions) -> tuple:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.execute(
            text(
                "select c.key, c.representative_id, c.canonical_text, c.member_count from clusters c"
                " where c.member_count > 1"
            )
        ).one()


def test_a_copy_that_only_ties_does_not_take_over_the_entry(sqlite_url: str) -> None:
    for ascii_punct in (False, True):
        sessions = open_db(sqlite_url + ("-ascii" if ascii_punct else ""))
        store_all(BatchWriter(sessions), raws([(f"p{i}", c) for i, c in enumerate(CITIES[:6])], ascii_punct))
        recluster(sessions)
        key, rep, canonical, count = entry(sessions)
        assert count == 6
        # the same answer for another city, at a URL that sorts first: an equally good medoid,
        # which the smallest-key tie-break alone would make the representative
        store_all(BatchWriter(sessions), raws([("a0", CITIES[6]), ("a1", CITIES[7])], ascii_punct))
        recluster(sessions)
        assert entry(sessions) == (key, rep, canonical, 8)


def stored_urls(sessions) -> str:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.execute(text("select urls from clusters where member_count > 1")).scalar_one()


def test_an_entry_lists_its_members_urls_sorted_after_every_run(db_url: str) -> None:
    """The URLs are joined by the database from the members (a builder fed in batches does not
    hold them): sorted, each once, on SQLite and PostgreSQL, a full build and an incremental one."""
    sessions = open_db(db_url)
    first = [(f"p{i}", c) for i, c in enumerate(CITIES[:4])]
    store_all(BatchWriter(sessions), raws(first, ascii_punct=False))
    recluster(sessions)
    url = "http://farm.example.cn/{}.html".format
    assert stored_urls(sessions) == ";".join(sorted(url(name) for name, _ in first))
    later = [("a0", CITIES[4]), ("z9", CITIES[5])]  # one sorts before the stored URLs, one after
    store_all(BatchWriter(sessions), raws(later, ascii_punct=True))
    recluster(sessions)
    assert stored_urls(sessions) == ";".join(sorted(url(name) for name, _ in first + later))


def names_hashing(side: str, bound: int, count: int) -> list[str]:
    """Page names whose URL hash is above (side "high") or below ("low") ``bound``."""
    found = []
    for n in range(10_000):
        h = url_hash(f"http://farm.example.cn/n{n}.html")
        if (h > bound) if side == "high" else (h < bound):
            found.append(f"n{n}")
            if len(found) == count:
                return found
    raise AssertionError("no such names")


def test_the_medoid_is_chosen_again_only_when_a_new_member_enters_the_sample(sqlite_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The sample is the members of lowest URL hash: new members above its highest leave it as
    it was, and its medoid (the stored representative) need not be computed again."""
    monkeypatch.setattr(corpus, "MEDOID_SAMPLE", 3)
    calls = []
    monkeypatch.setattr(corpus, "representative", lambda *a, **k: calls.append(1) or representative(*a, **k))
    for ascii_punct in (False, True):
        sessions = open_db(sqlite_url + ("-ascii" if ascii_punct else ""))
        first = [(f"p{i}", c) for i, c in enumerate(CITIES[:5])]
        store_all(BatchWriter(sessions), raws(first, ascii_punct))
        recluster(sessions)
        before = entry(sessions)
        third_lowest = sorted(url_hash(f"http://farm.example.cn/{name}.html") for name, _ in first)[2]
        calls.clear()
        above = names_hashing("high", third_lowest, 2)
        store_all(BatchWriter(sessions), raws(list(zip(above, CITIES[5:7], strict=False)), ascii_punct))
        recluster(sessions)
        assert calls == [] and entry(sessions)[:3] == before[:3] and entry(sessions)[3] == 7
        below = names_hashing("low", third_lowest, 1)
        store_all(BatchWriter(sessions), raws(list(zip(below, CITIES[7:8], strict=False)), ascii_punct))
        recluster(sessions)
        assert calls and entry(sessions)[3] == 8
