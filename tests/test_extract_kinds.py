"""A thread keeps every post: dated replies of one kind are the page, not a list of teasers.

A dated list after an article (other posts, each a date line and a summary) is cut; a forum
thread or a Q&A page whose posts are sibling blocks of one kind (same tag, a class name in common)
keeps the question and every answer, though each post also opens with a date line.

And a body hidden with ``visibility: hidden`` whose paragraphs set ``visibility: visible`` is read
(CSS lets descendants override visibility; WeChat articles ship that way).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.document import Document
from pipeline.extract import extract

MAGIC_FORUM = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "magic-html" / "forum"

ANSWERS_ZH = [
    "社保卡丢了以后，先打电话挂失，再带身份证到社保经办窗口补办，一般十个工作日可以拿到新卡。",
    "我上个月刚补办过，窗口说线上也能申请，用官方的政务小程序就行，新卡会邮寄到家里，很方便。",
    "补办期间医保可以正常用，去医院的时候出示电子社保卡就可以结算，不耽误看病拿药的事情。",
]
ANSWERS_EN = [
    "Call the helpline first and report the card lost, then take your ID to the service desk and ask for a new one.",
    "I replaced mine last month through the online portal; the new card came by post about ten days later.",
    "While you wait you can still use the digital card in the app at the pharmacy, so nothing is held up.",
]


def thread(question: str, answers: list[str], dates: list[str], labels: tuple[str, str]) -> str:
    posts = "".join(
        f'<div class="post-{n} post-element"><div class="post-author">{labels[0]}{n}</div>'
        f'<div class="post-date">{date}</div><div class="post-message"><p>{text}</p></div>'
        f'<div class="post-footer"><a href="#r{n}">{labels[1]}</a></div></div>'
        for n, (text, date) in enumerate(zip([question, *answers], dates, strict=True))
    )
    return (
        f"<html><head><title>{question[:12]}</title></head><body>"
        '<div class="nav"><a href="/">Home</a> <a href="/forum">Forum</a></div>'
        f'<div class="thread"><h1>{question[:12]}</h1>{posts}</div>'
        '<div class="footer">© 2024 forum</div></body></html>'
    )


def kept(html: str) -> str:
    return clean(extract(Document(url="http://forum.example/t/1", html=html))).clean_text


@pytest.mark.parametrize("width", ["fullwidth", "ascii"])
def test_a_chinese_thread_keeps_the_question_and_every_answer(width: str) -> None:
    question = "社保卡丢了怎么办？在外地上班，回不去老家，能不能异地补办？谁知道流程，谢谢大家！"
    answers = ANSWERS_ZH
    if width == "ascii":
        fold = str.maketrans("，。？！：", ",.?!:")
        question, answers = question.translate(fold), [a.translate(fold) for a in answers]
    dates = ["2024-03-29 10:35", "2024-03-29 11:07", "2024-04-02 08:15", "2024-04-03 21:40"]
    text = kept(thread(question, answers, dates, ("用户", "回复")))
    for answer in answers:
        assert answer[:20] in text


def test_an_english_thread_keeps_the_question_and_every_answer() -> None:
    question = "Lost my health card while working abroad - can I get a replacement without going home?"
    dates = ["March 29, 2024", "March 29, 2024", "April 2, 2024", "April 3, 2024"]
    text = kept(thread(question, ANSWERS_EN, dates, ("user", "Reply")))
    for answer in ANSWERS_EN:
        assert answer[:40] in text


def test_a_dated_list_of_other_posts_after_an_article_is_still_cut() -> None:
    body = "".join(f"<p>{a}</p>" for a in ANSWERS_EN)
    others = "".join(
        f'<div class="teaser"><div class="when">March {n}, 2024</div>'
        f"<p>Another story number {n} about cards and offices, with a long enough summary line here.</p></div>"
        for n in range(3, 8)
    )
    html = (
        "<html><body><div class='article'><h1>Replacing a lost card</h1><div class='when'>March 1, 2024</div>"
        f"{body}</div><div class='more'>{others}</div></body></html>"
    )
    text = kept(html)
    assert ANSWERS_EN[-1][:40] in text
    assert "Another story number" not in text


def test_a_real_forum_thread_keeps_its_replies() -> None:
    """asgaros.com support thread (magic-html benchmark): five posts, each under a date header."""
    truth_path = MAGIC_FORUM / "ground-truth.json"
    if not truth_path.exists():
        pytest.skip(f"no magic-html benchmark at {MAGIC_FORUM}")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    key = next(k for k, v in truth.items() if "design-colors-and-seo-in-the-asgaros-forum" in v["url"])
    raw = gzip.decompress((MAGIC_FORUM / "html" / f"{key}.html.gz").read_bytes())
    from pipeline.decode import decode

    doc = clean(extract(decode(Document(url=truth[key]["url"], raw=raw))))
    assert "I installed the ASGAROS Forum" in doc.clean_text  # the question
    assert "Soweit ich weiß werden die Forumsthemen" in doc.clean_text  # the first answer
    assert "Danke biker. Alles hat funktioniert" in doc.clean_text  # a later reply


WECHAT_BODY = "".join(
    f'<p style="visibility: visible;">{line}</p>'
    for line in (
        "7月29日上午，在建军节来临之际，县里举行了双拥文艺汇演暨首届“最美退役军人”表彰大会。",
        "会议要求，要充分认识双拥工作对推动经济社会发展的重要意义，地方要积极支持部队建设。",
        "会上，33名退役军人受到表彰，他们在各自岗位上继续发挥着退役不褪色的优良作风。",
    )
)


def page_with(body_style: str, body: str = WECHAT_BODY) -> str:
    return (
        "<html><body><h1>绥德：33名退役军人被表彰</h1>"
        f'<div id="js_content" style="{body_style}">{body}</div>'
        '<div class="tools"><a href="#">赞</a> <a href="#">在看</a></div></body></html>'
    )


def test_a_body_hidden_until_a_script_runs_is_read_when_its_paragraphs_are_visible() -> None:
    """WeChat articles: visibility:hidden on the body, visibility:visible on every paragraph."""
    text = kept(page_with("visibility: hidden;"))
    assert "33名退役军人受到表彰" in text


@pytest.mark.parametrize(
    "style, body",
    [
        ("visibility: hidden;", WECHAT_BODY.replace(' style="visibility: visible;"', "")),  # nothing shown
        ("display: none;", WECHAT_BODY),  # display:none hides every descendant, whatever they say
    ],
)
def test_a_hidden_block_stays_hidden(style: str, body: str) -> None:
    text = kept(page_with(style, body))
    assert "33名退役军人受到表彰" not in text
