"""Site-wide steps that update: what a scope learned is kept, new pages are stripped with it, and a
scope learns again (from its sample) only when it has grown enough."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pipeline.document import Document
from pipeline.sitewide import before_strip, learn, strip
from storage.db import open_db
from storage.models import DocumentRow, SitewideScope
from storage.repository import save_document
from winnow.service import corpus
from winnow.service.corpus import apply_sitewide

TOPICS = [
    "医保卡余额怎么查",
    "养老金如何领取",
    "公积金怎么提取",
    "社保断缴怎么办",
    "生育津贴如何申请",
    "异地就医怎么备案",
    "失业金怎么领",
]
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京"]


def footer(fullwidth: bool) -> str:
    text = "社保网声明:资讯来源于网络,属作者个人观点,仅供参考。如有侵权请投诉"
    return text.replace(":", "：").replace(",", "，") if fullwidth else text


def page(topic: str, city: str, fullwidth: bool) -> Document:
    lines = [
        f"{topic}的第一步是准备材料,带上{city}的身份证。",
        f"{topic}需要的材料有户口本和照片。",
        "办理时间为工作日。",
        f"{topic}的第二步是到{city}窗口办理,审核后完成。",
        f"{topic}办完后可以在网上查进度。",
        footer(fullwidth),
    ]
    if fullwidth:
        lines = [line.replace(",", "，") for line in lines]
    return Document(
        url=f"http://www.shebao.example.cn/{TOPICS.index(topic)}/{CITIES.index(city)}.html",
        title=f"{city}{topic}?",
        paragraphs=tuple(lines),
    )


@pytest.mark.parametrize("fullwidth", [False, True])
def test_before_strip_puts_removed_lines_back_where_they_were(fullwidth: bool) -> None:
    pages = {page(t, c, fullwidth).url: page(t, c, fullwidth) for t in TOPICS for c in CITIES}
    learned = learn({url: doc.paragraphs for url, doc in pages.items()})
    doc = next(iter(pages.values()))
    stripped = strip(doc, learned)
    assert footer(fullwidth) not in stripped.paragraphs
    assert before_strip(stripped).paragraphs == doc.paragraphs
    assert before_strip(doc) is doc


def _store(sessions, docs) -> None:
    with sessions.begin() as session:
        for doc in docs:
            save_document(session, doc)


@pytest.mark.parametrize("fullwidth", [False, True])
def test_new_pages_are_stripped_with_what_the_scope_learned(
    tmp_path, monkeypatch: pytest.MonkeyPatch, fullwidth: bool
) -> None:
    monkeypatch.setattr(corpus, "SAMPLE_PAGES", 10)
    sessions = open_db(f"sqlite:///{tmp_path / 'w.db'}")
    first = [page(t, c, fullwidth) for t in TOPICS[:5] for c in CITIES]  # 30 pages
    _store(sessions, first)
    assert apply_sitewide(sessions) == 30
    with sessions() as session:
        learned_pages = session.execute(select(SitewideScope.pages)).scalar_one()
        before = {d.url: (d.clean_text, d.last_seen) for d in session.execute(select(DocumentRow)).scalars()}
    assert learned_pages == 30
    # 3 new pages: 10 % growth, below RELEARN_GROWTH, so only they are stripped, with the stored keys
    new = [page(TOPICS[5], c, fullwidth) for c in CITIES[:3]]
    _store(sessions, new)
    assert apply_sitewide(sessions) == 3
    with sessions() as session:
        docs = {d.url: d for d in session.execute(select(DocumentRow)).scalars()}
        assert session.execute(select(SitewideScope.pages)).scalar_one() == 30
    assert all(footer(fullwidth) not in d.clean_text and not d.sitewide_pending for d in docs.values())
    assert all((docs[url].clean_text, docs[url].last_seen) == was for url, was in before.items())
    # 6 more (30 -> 39 pages, 30 % growth): the scope learns again
    _store(sessions, [page(TOPICS[6], c, fullwidth) for c in CITIES])
    apply_sitewide(sessions)
    with sessions() as session:
        assert session.execute(select(SitewideScope.pages)).scalar_one() == 39


def test_a_page_rewritten_by_the_crawl_is_stripped_again(tmp_path) -> None:
    sessions = open_db(f"sqlite:///{tmp_path / 'w.db'}")
    docs = [page(t, c, False) for t in TOPICS for c in CITIES]
    _store(sessions, docs)
    apply_sitewide(sessions)
    _store(sessions, docs[:1])  # the per-page pipeline wrote it again: the footer is back, pending
    apply_sitewide(sessions)
    with sessions() as session:
        row = session.execute(select(DocumentRow).where(DocumentRow.url == docs[0].url)).scalar_one()
    assert footer(False) not in row.clean_text and not row.sitewide_pending
