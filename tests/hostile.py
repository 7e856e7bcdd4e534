"""Hostile and broken inputs, shared by ``tests/test_hostile.py`` and ``bench/hostile_bench.py``.

Every case is a small function that builds its bytes on demand (multiplication and joins, no
Python-level loops over millions of items), so even the 50 MB and 1,000,000-node pages take
well under a second to generate. ``CASES`` maps a name to a ``HostileCase``; ``good_page()`` is a
normal article that must be stored ``ok`` after every hostile one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

HTML = {"Content-Type": "text/html; charset=utf-8"}
MB = 1024 * 1024

_PARA = "城乡居民医保卡余额可以通过支付宝、微信或者当地人社局网站查询,具体步骤如下。"


def good_page(n: int = 0) -> bytes:
    """A small normal article (Chinese, two question sections) that the pipeline stores ``ok``."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>医保卡余额怎么查询?_社保网</title>"
        "</head><body><nav><a href='/'>首页</a><a href='/a'>医保</a></nav><article>"
        "<h1>医保卡余额怎么查询?</h1>"
        f"<p>第{n}篇。{_PARA}</p><p>打开支付宝,搜索医保电子凭证,进入后可以看到账户余额和消费明细。</p>"
        "<p>医保卡里的钱可以给家人用吗?</p>"
        "<p>可以。职工医保个人账户可以用于支付配偶、父母、子女在定点医疗机构就医产生的费用。</p>"
        "</article><footer>版权所有 © 社保网</footer></body></html>"
    ).encode()


def _wrap(body: str, head: str = "<meta charset='utf-8'><title>标题</title>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def _article(extra: str = "") -> str:
    return f"<article><h1>正文标题</h1><p>{_PARA}</p>{extra}<p>{_PARA}</p></article>"


# -- the cases ----------------------------------------------------------------------------------


def empty() -> bytes:
    return b""


def whitespace_only() -> bytes:
    return b" \t\r\n\x0c\xc2\xa0\xe3\x80\x80" * 10_000


def binary_random() -> bytes:
    return random.Random(7).randbytes(2 * MB)


def nul_bytes_in_html() -> bytes:
    """NULs inside the text, after the 4 KiB window a binary sniffer looks at."""
    filler = "<p>" + "正常的段落内容,用于填充页面。" * 20 + "</p>"
    body = _article() + filler * 20 + f"<p>含有\x00空字符\x00的段落,{_PARA}</p>"
    return _wrap(body).encode("utf-8")


def nul_bytes_in_head() -> bytes:
    """A NUL in the <title>, inside the first 4 KiB."""
    return _wrap(_article(), "<meta charset='utf-8'><title>标题\x00带空字符</title>").encode("utf-8")


def nul_bytes_text() -> bytes:
    """A plain-text file with NULs in its lines (``winnow ingest`` of a .txt)."""
    return f"标题\x00一\n{_PARA}\x00{_PARA}\n".encode()


def nul_bytes_only() -> bytes:
    return b"\x00" * MB


def invalid_utf8() -> bytes:
    """Declared utf-8; stray continuation bytes, overlongs, surrogates, truncated sequences."""
    junk = b"\x80\xbf\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe4\xb8"
    return _wrap(_article()).encode("utf-8").replace(b"</article>", junk * 5_000 + b"</article>")


def damaged_utf8() -> bytes:
    """A real-looking utf-8 article (20 paragraphs) with 20 damaged spots (~3 % of its bytes)."""
    paras = f"<p>{_PARA}</p>" * 20
    damage = b"<p>\x80\xbf\xc0\xaf\xed\xa0\x80\xe4\xb8</p>" * 20
    return (
        _wrap(f"<article><h1>标题</h1>{paras}</article>").encode("utf-8").replace(b"</article>", damage + b"</article>")
    )


def mixed_encodings() -> bytes:
    """Half UTF-8, half GBK, one Big5 paragraph, and a meta that claims iso-8859-1."""
    utf8 = f"<p>{_PARA}</p>".encode()
    gbk = f"<p>{_PARA}</p>".encode("gbk")
    big5 = "<p>醫保卡餘額可以通過支付寶查詢。</p>".encode("big5")
    body = (utf8 + gbk + big5) * 200
    return b"<html><head><meta charset='iso-8859-1'><title>x</title></head><body>" + body + b"</body></html>"


def utf16_without_bom() -> bytes:
    return _wrap(_article()).encode("utf-16-le")


def page_50mb() -> bytes:
    """A 50 MiB page of real-looking paragraphs."""
    para = f"<p>{_PARA}</p>\n".encode()
    body = para * (50 * MB // len(para))
    return _wrap("").encode("utf-8").replace(b"<body>", b"<body><article>" + body + b"</article>")


def deep_nesting() -> bytes:
    depth = 100_000
    return _wrap("<div>" * depth + f"<p>{_PARA}</p>" + "</div>" * depth).encode("utf-8")


def deep_nesting_mixed_tags() -> bytes:
    """100,000 levels of alternating tags with attributes and text between (defeats run-cutting)."""
    depth = 100_000
    opening = "<div class='a'>x<span>y<b>z" * (depth // 3)
    return _wrap(opening + f"<p>{_PARA}</p>").encode("utf-8")


def million_siblings() -> bytes:
    return _wrap(_article() + "<span>x</span>" * 1_000_000).encode("utf-8")


def million_paragraphs() -> bytes:
    """1,000,000 sibling block elements, each a short line of text."""
    return _wrap(_article() + "<p>医保</p>" * 1_000_000).encode("utf-8")


def unclosed_tags() -> bytes:
    unit = "<div><p><table><tr><td><a href='x'><b><i><ul><li><span><select><option>文字"
    return _wrap(_article() + unit * 20_000).encode("utf-8").replace(b"</body></html>", b"")


def unclosed_comment_and_script() -> bytes:
    return _wrap(_article() + "<script>var a='" + "x" * MB + "<!--" + "注释" * 100_000).encode("utf-8")


def huge_attributes() -> bytes:
    value = "A" * (5 * MB)
    return _wrap(f"<div class='{value}' data-x=\"{value}\">" + _article() + "</div>").encode("utf-8")


def unterminated_attribute() -> bytes:
    return _wrap(_article() + "<a href='" + "x" * (5 * MB)).encode("utf-8")


def one_5mb_line() -> bytes:
    """5 MiB of prose with no newline, no tag and no sentence end."""
    return _wrap("<p>" + "医保卡余额查询" * (5 * MB // 21) + "</p>").encode("utf-8")


def one_5mb_text_line() -> bytes:
    """Same, as a plain-text file (``kind="text"``)."""
    return ("标题\n" + "医保卡余额查询" * (5 * MB // 21)).encode("utf-8")


def zero_width_bidi() -> bytes:
    controls = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
    para = "".join(ch + controls for ch in _PARA)
    title = "\u202e" + "标题" + controls * 10
    return _wrap(
        f"<article><h1>{title}</h1><p>{para}</p><p>{controls * 20_000}</p></article>",
        f"<meta charset='utf-8'><title>{title}</title>",
    ).encode("utf-8")


def entity_bomb_amp() -> bytes:
    """Millions of ``&amp;``."""
    return _wrap(_article(f"<p>{'&amp;' * 2_000_000}</p>")).encode("utf-8")


def entity_bomb_numeric() -> bytes:
    """Nested-looking numeric references (HTML decodes once), huge code points, NUL refs."""
    nested = "&#38;#38;#38;#38;#38;" * 200_000
    weird = "&#0;&#x0;&#xD800;&#x110000;&#99999999999999999999999;&#x;&#;&" * 50_000
    return _wrap(_article(f"<p>{nested}</p><p>{weird}</p>")).encode("utf-8")


def entity_in_attributes() -> bytes:
    return _wrap(f"<div title='{'&amp;' * 1_000_000}'>" + _article() + "</div>").encode("utf-8")


def many_lines() -> bytes:
    """300,000 <br>-separated short lines (exercises clean/segment line handling)."""
    return _wrap("<div>" + "医保卡怎么查?<br>" * 300_000 + "</div>").encode("utf-8")


def many_question_headings() -> bytes:
    """100,000 question headings each followed by an answer: 100,000 sections to fingerprint."""
    return _wrap(
        "<article>" + "<p>医保卡怎么查?</p><p>打开支付宝,搜索医保电子凭证即可。</p>" * 100_000 + "</article>"
    ).encode("utf-8")


def control_characters() -> bytes:
    ctrl = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r") + "\x7f\x85\u2028\u2029"
    return _wrap(_article(f"<p>{ctrl * 1000}{_PARA}</p>")).encode("utf-8")


def lone_surrogates_text() -> bytes:
    """CESU/WTF-8 encoded surrogates: a strict decoder refuses them."""
    return ("标题\n" + _PARA).encode("utf-8") + b"\xed\xa0\x80\xed\xb0\x80" * 1000


def gzip_bomb_declared_html() -> bytes:
    """Compressed bytes served as text/html (the pipeline unpacks at most ``pipeline.decode.GZIP_MAX_BYTES``)."""
    import gzip

    return gzip.compress(b"<p>" + b"A" * (20 * MB) + b"</p>", compresslevel=9)


def svg_xml_bomb() -> bytes:
    """A billion-laughs DTD inside HTML: an HTML parser must not expand entities it does not know."""
    dtd = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
        )
        + "]>"
    )
    return (dtd + "<html><body>" + _article("<p>&lol9;</p>") + "</body></html>").encode("utf-8")


@dataclass(frozen=True)
class HostileCase:
    name: str
    build: Callable[[], bytes]
    kind: str = "html"  # html | text
    headers: Mapping[str, str] = field(default_factory=lambda: HTML)
    big: bool = False  # >= 1M nodes or >= 10 MB: generated in CI too, but counted as "big"


CASES: dict[str, HostileCase] = {
    c.name: c
    for c in (
        HostileCase("empty", empty),
        HostileCase("whitespace_only", whitespace_only),
        HostileCase("binary_random", binary_random, headers={}),
        HostileCase("nul_bytes_only", nul_bytes_only),
        HostileCase("nul_bytes_in_html", nul_bytes_in_html),
        HostileCase("nul_bytes_in_head", nul_bytes_in_head),
        HostileCase("nul_bytes_text", nul_bytes_text, kind="text", headers={}),
        HostileCase("invalid_utf8", invalid_utf8),
        HostileCase("damaged_utf8", damaged_utf8),
        HostileCase("mixed_encodings", mixed_encodings, headers={}),
        HostileCase("utf16_without_bom", utf16_without_bom, headers={"Content-Type": "text/html"}),
        HostileCase("page_50mb", page_50mb, big=True),
        HostileCase("deep_nesting", deep_nesting),
        HostileCase("deep_nesting_mixed_tags", deep_nesting_mixed_tags),
        HostileCase("million_siblings", million_siblings, big=True),
        HostileCase("million_paragraphs", million_paragraphs, big=True),
        HostileCase("unclosed_tags", unclosed_tags),
        HostileCase("unclosed_comment_and_script", unclosed_comment_and_script),
        HostileCase("huge_attributes", huge_attributes, big=True),
        HostileCase("unterminated_attribute", unterminated_attribute),
        HostileCase("one_5mb_line", one_5mb_line),
        HostileCase("one_5mb_text_line", one_5mb_text_line, kind="text", headers={}),
        HostileCase("zero_width_bidi", zero_width_bidi),
        HostileCase("entity_bomb_amp", entity_bomb_amp),
        HostileCase("entity_bomb_numeric", entity_bomb_numeric),
        HostileCase("entity_in_attributes", entity_in_attributes),
        HostileCase("many_lines", many_lines),
        HostileCase("many_question_headings", many_question_headings),
        HostileCase("control_characters", control_characters),
        HostileCase("lone_surrogates_text", lone_surrogates_text, kind="text", headers={}),
        HostileCase("gzip_body_as_html", gzip_bomb_declared_html),
        HostileCase("xml_entity_bomb", svg_xml_bomb),
    )
}


def raw_input(name: str, url: str | None = None):  # -> storage.repository.RawInput
    """The case as a ``RawInput`` ready for ``winnow.service.batches.BatchWriter``."""
    from storage.repository import RawInput

    case = CASES[name]
    return RawInput(
        url=url or f"http://hostile.test/{name}", body=case.build(), headers=dict(case.headers), kind=case.kind
    )


def status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS now, VmHWM the peak)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0
