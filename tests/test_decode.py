import pytest

from pipeline.decode import decode
from pipeline.document import Document

TEXT = (
    "<html><head><title>朱镕基 陶喆 王堃</title></head><body>"
    "<p>朱镕基、陶喆和王堃的医保卡余额怎么查?可以通过支付宝、微信或者定点医院查询。</p></body></html>"
)
GBK = TEXT.encode("gb18030")


def run(raw: bytes, **headers: str) -> Document:
    return decode(Document(url="http://x/", raw=raw, headers={k.replace("_", "-"): v for k, v in headers.items()}))


def test_gb2312_declared_with_gbk_only_chars_has_no_replacement_chars():
    doc = run(GBK, Content_Type="text/html; charset=gb2312")
    assert doc.ok and "\ufffd" not in doc.html
    assert "镕" in doc.html and "喆" in doc.html and "堃" in doc.html
    assert doc.declared_encoding == "gb2312" and doc.encoding == "gb18030"


def test_utf8_meta_on_gbk_body_is_redecoded_with_warning():
    raw = TEXT.replace("<head>", '<head><meta charset="utf-8">').encode("gb18030")
    doc = run(raw)
    assert doc.declared_encoding == "utf-8" and doc.encoding == "gb18030"
    assert "镕" in doc.html and "\ufffd" not in doc.html
    assert doc.warnings


def test_latin1_header_on_gbk_body_is_not_mojibake():
    doc = run(GBK, content_type="text/html; charset=ISO-8859-1")
    assert doc.encoding == "gb18030" and "医保卡余额" in doc.html


def test_http_equiv_meta():
    raw = TEXT.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=gbk">')
    doc = run(raw.encode("gb18030"))
    assert doc.declared_encoding == "gbk" and "堃" in doc.html


def test_bom_wins():
    doc = run(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), content_type="text/html; charset=gbk")
    assert doc.encoding == "utf-8" and doc.html.startswith("<html>")


def test_undeclared_gbk_is_detected():
    assert "镕" in run(GBK).html


def test_real_latin1_stays_latin1():
    doc = run("<p>café naïve résumé</p>".encode("latin-1"), content_type="text/html; charset=iso-8859-1")
    assert "café naïve résumé" in doc.html


def test_non_html_and_binary_are_skipped():
    assert run(b"%PDF-1.7 ...").status == "skipped"
    doc = run(b"<html></html>", content_type="application/pdf")
    assert doc.status == "skipped" and doc.error == "non-html: application/pdf"
    assert run(b"\x89PNG\r\n\x1a\n....").status == "skipped"
    assert run(b"abc\x00\x00def").status == "skipped"


def test_empty_body_is_an_error():
    doc = run(b"")
    assert doc.status == "error" and doc.error == "empty body"


def test_broken_bytes_warn_instead_of_silent_replacement():
    raw = TEXT.encode("utf-8") + b"\xff\xfe\xfd" + "尾巴".encode()
    doc = run(raw, content_type="text/html; charset=utf-8")
    if "\ufffd" in doc.html:
        assert any("U+FFFD" in w for w in doc.warnings)
    assert doc.ok


def test_undeclared_gbk_with_one_stray_byte_is_still_gbk():
    body = (
        "<html><body>" + "<p>医保卡余额怎么查?可以通过支付宝、微信或者定点医院查询。</p>" * 40 + "</body></html>"
    ).encode("gb18030")
    raw = body[:600] + b"\xc7" + body[600:]
    doc = run(raw)
    assert doc.encoding == "gb18030"
    assert "医保卡余额怎么查" in doc.html


UNDECLARED_WESTERN = [
    "<html><body><p>Caf\u00e9 owners said it\u2019s \u201cfine\u201d \u2014 na\u00efve r\u00e9sum\u00e9s.</p></body></html>",
    "<p>Only one caf\u00e9 here, and a lot of ASCII text around it to make the page look normal.</p>",
    "<p>Fran\u00e7ois et ses amis \u00e9taient l\u00e0, tr\u00e8s \u00e9mus, \u00e0 c\u00f4t\u00e9 de l\u2019\u00e9glise.</p>",
    "<p>Gr\u00fc\u00dfe aus M\u00fcnchen: die Stra\u00dfe ist gesperrt \u2013 Umleitung \u00fcber die Br\u00fccke.</p>",
]


@pytest.mark.parametrize("text", UNDECLARED_WESTERN)
def test_undeclared_windows_1252_has_no_replacement_characters(text):
    doc = decode(Document(url="http://example.org/", raw=text.encode("cp1252")))
    assert doc.html == text
    assert "\ufffd" not in doc.html and doc.encoding == "windows-1252"


@pytest.mark.parametrize("ctype", ["text/html; charset=gbk", "text/html", ""])
def test_gzip_body_without_content_encoding_is_unpacked_with_a_warning(ctype):
    import gzip

    html = "<html><body><p>医保卡余额怎么查？拨打12393热线。</p></body></html>"
    doc = decode(Document(url="u", raw=gzip.compress(html.encode("gbk")), headers={"Content-Type": ctype}))
    assert doc.ok and "医保卡余额怎么查？" in doc.html
    assert any("gzip" in w for w in doc.warnings)


def test_damaged_or_cut_gzip_body_fails_with_a_clear_reason():
    import gzip

    packed = gzip.compress(b"<p>" + "医保".encode() * 2000 + b"</p>")
    for raw in (packed[:-30], packed[:10] + b"\xff" * 40):
        doc = decode(Document(url="u", raw=raw, headers={"Content-Type": "text/html"}))
        assert doc.status == "error" and doc.error.startswith("bad gzip body")
    # served as an archive, it is what it says: not a page
    doc = decode(Document(url="u", raw=packed, headers={"Content-Type": "application/gzip"}))
    assert doc.status == "skipped"
