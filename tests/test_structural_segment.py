"""Sections from the page's structure and from the site: non-question block headings."""

import pytest

from pipeline.chain import process, resegment
from pipeline.sitewide import learn_headings, mark_headings
from pipeline.textview import full_width

FORMS = {"ascii": lambda text: text, "full-width": full_width}
A1 = "离开常住户口所在地,到当地居住半年以上,并且有合法稳定就业或住所的,可以申领居住证。"
A2 = "灵活就业人员可以按月或者按年缴纳养老保险,缴费基数在当地社平工资的60%到300%之间选择。"
A3 = "驾驶证遗失后,持身份证到车管所或者在交管12123上申请补领,一般当场可以领取。"
SUB = "一、线上办理"


def page(markup: str, form: str, title: str = "居住证和社保办理指南") -> str:
    return FORMS[form](
        f"<html><head><meta charset='utf-8'><title>{title}_便民网</title></head>"
        f"<body><div class='content'><h1>{title}</h1>{markup}</div></body></html>"
    )


HEADINGS = ("益阳居住证办理流程和条件", "二、益阳灵活就业社保缴费标准和办理流程", "(三)益阳驾驶证补领办理方法")
STYLES = {
    "h2": "<h2>{}</h2>",
    "strong": "<p><strong>{}</strong></p>",
    "b-br": "<b>{}</b><br/>",
    "title-class": "<div class='sec-title'>{}</div>",
    "dt": "<dl><dt>{}</dt></dl>",
    "styled-span": "<section style='margin:20px 0'><span style='font-weight: bold;color:#07c160'>{}</span></section>",
    "styled-700": '<p><span style="font-size:17px;font-weight:700">{}</span></p>',
    "span-class": "<p><span class='subtit'>{}</span></p>",
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("style", sorted(STYLES))
def test_marked_up_non_question_headings_start_sections(style, form):
    wrap = STYLES[style]
    body = "".join(wrap.format(h) + f"<p>{a}</p><p>{a}</p>" for h, a in zip(HEADINGS, (A1, A2, A3), strict=False))
    doc = process("http://www.example.cn/1.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in HEADINGS]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_sub_headings_one_level_down_stay_in_their_section(form):
    body = (
        f"<h2>{HEADINGS[0]}</h2><p>{A1}</p><h3>{SUB}</h3><p>{A1}</p><p><strong>温馨提示:</strong>带好证件。</p>"
        f"<h2>{HEADINGS[1]}</h2><p>{A2}</p>"
    )
    doc = process("http://www.example.cn/2.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in HEADINGS[:2]]
    assert SUB in doc.sections[0].text


@pytest.mark.parametrize("form", sorted(FORMS))
def test_plain_paragraph_heading_known_from_other_pages_of_the_site(form):
    other_cities = ("嘉兴", "昆明", "银川")
    docs = []
    for number, city in enumerate(other_cities):  # the heading is marked up on these pages
        body = (
            f"<h2>{HEADINGS[0].replace('益阳', city)}</h2><p>{A1}</p><h2>{city}机动车驾驶证补领办理方法</h2><p>{A3}</p>"
        )
        docs.append(process(f"http://{number}.farm.com.cn/a.html", page(body, form)))
    # the first block answers under the title (three paragraphs: more than an intro)
    plain = (
        f"<p>{HEADINGS[0]}</p><p>{A1}</p><p>{A1}</p><p>{A1}</p><p>益阳机动车驾驶证补领办理方法</p>"
        f"<p>{A3}</p><p>{A3}</p>"
    )
    doc = process("http://yiyang.farm.com.cn/b.html", page(plain, form, title=HEADINGS[0]))
    assert len(doc.sections) == 1  # nothing on the page itself says the second block starts
    known = learn_headings(docs + [doc])
    fixed = resegment(mark_headings(doc, known))
    assert [s.heading for s in fixed.sections] == [HEADINGS[0], "益阳机动车驾驶证补领办理方法"]


def test_answer_lines_are_never_learned_as_headings():
    body = f"<h2>{HEADINGS[0]}</h2><p>{SUB}</p><p>{A1}</p><h2>{HEADINGS[1]}</h2><p>{A2}</p>"
    docs = [process(f"http://www.farm.cn/{n}.html", page(body, "ascii")) for n in range(4)]
    known = learn_headings(docs)
    for doc in docs:
        marked = dict(mark_headings(doc, known).headings)
        assert SUB not in marked and A1 not in marked
        assert [s.heading for s in resegment(mark_headings(doc, known)).sections] == list(HEADINGS[:2])


NUMBERED = ("1、益阳居住证怎么办理?", "2、灵活就业人员社保缴费标准", "3. 驾驶证丢了怎么补办?")


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("style", ["strong", "b-br"])
def test_bold_numbered_lines_each_heading_an_answer_start_sections(style, form):
    # farms number their stitched questions in bold: each is followed by an answer of its own
    wrap = STYLES[style]
    body = "".join(
        wrap.format(h) + f"<p>{a}</p><p>{a}</p><p>{a}</p>" for h, a in zip(NUMBERED, (A1, A2, A3), strict=False)
    )
    doc = process("http://www.example.cn/2.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in NUMBERED]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_bold_numbered_steps_stay_in_one_answer(form):
    # "1、登录APP" + one line is a step: the sequence is judged whole, so it stays one section
    steps = ("1、登录APP", "2、选择社保查询", "3、输入身份证号")
    body = (
        "<h2>益阳社保缴费记录怎么查?</h2>"
        + f"<p>{A2}</p>"
        + "".join(f"<p><strong>{s}</strong></p><p>按页面提示操作即可。</p>" for s in steps)
    )
    doc = process("http://www.example.cn/3.html", page(body, form))
    assert len(doc.sections) == 1
    assert all(FORMS[form](s) in doc.sections[0].text for s in steps)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_faq_definition_list_questions_start_sections(form):
    # <dl><dt>question</dt><dd>answer</dd></dl>: a Q&A page's question over its answer
    questions = ("Q1:益阳居住证怎么办理?", "Q2:灵活就业社保缴费标准", "Q3:驾驶证补领办理方法")
    body = "".join(
        f"<dl class='qa'><dt>{q}</dt><dd><p>{a}</p><p>{a}</p></dd></dl>"
        for q, a in zip(questions, (A1, A2, A3), strict=False)
    )
    doc = process("http://www.example.cn/4.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](q) for q in questions]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_plain_numbered_lines_counting_up_and_heading_answers_start_sections(form):
    heads = ("1.益阳居住证办理流程", "2.灵活就业人员社保缴费标准", "3.驾驶证补领办理方法")
    body = "".join(f"<p>{h}</p><p>{a}</p><p>{a}</p><p>{a}</p>" for h, a in zip(heads, (A1, A2, A3), strict=False))
    doc = process("http://www.example.cn/5.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in heads]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_plain_numbered_steps_restarting_in_each_answer_stay_inside(form):
    # "1./2." again under the second question: a step list, not block headings
    steps = "".join(f"<p>{n}.按页面提示填写信息</p><p>{A1}</p><p>{A2}</p><p>{A3}</p>" for n in (1, 2))
    body = f"<p>益阳居住证怎么办理?</p>{steps}<p>益阳社保怎么交?</p>{steps}"
    doc = process("http://www.example.cn/6.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form]("益阳居住证怎么办理?"), FORMS[form]("益阳社保怎么交?")]


# "一、" or "(一)" heads each answer; "(1)" items inside count on their own and do not break the
# run, though "(一)" and "(1)" are both bracketed
NUMBERED_HEADS = {"chinese": ("一、", "二、", "三、"), "parenthesised-chinese": ("(一)", "(二)", "(三)")}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("scheme", sorted(NUMBERED_HEADS))
def test_numbered_plain_heads_with_numbered_items_inside(scheme, form):
    names = ("益阳居住证办理流程", "灵活就业人员社保缴费标准", "驾驶证补领办理方法")
    heads = [number + name for number, name in zip(NUMBERED_HEADS[scheme], names, strict=False)]
    items = "<p>(1)身份证原件</p><p>(2)户口本</p><p>(3)近期一寸照片</p>"
    body = "".join(
        f"<p>{h}</p><p>{a}</p>{items}<p>{a}</p><p>{a}</p>" for h, a in zip(heads, (A1, A2, A3), strict=False)
    )
    doc = process("http://www.example.cn/7.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in heads]


LABELS = {
    "part": ("PART 1 ", "PART 2 ", "PART 3 "),
    "part-dot": ("Part.1 ", "Part.2 ", "Part.3 "),
    "padded": ("01 ", "02 ", "03 "),
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("labels", sorted(LABELS))
def test_labelled_block_heads_of_wechat_pages(labels, form):
    # the label is bold and the heading text is not, so the line is no bold heading; the labels
    # run 1, 2, 3 over the page, each over an answer of its own
    names = ("益阳居住证办理流程", "灵活就业人员社保缴费标准", "驾驶证补领办理方法")
    heads = [label + name for label, name in zip(LABELS[labels], names, strict=False)]
    body = "".join(
        f"<section style='border-left:4px solid #2f7dfa'><span style='font-weight:bold'>{label.strip()}</span> "
        f"<span>{name}</span></section><p>{a}</p><p>{a}</p><p>{a}</p>"
        for label, name, a in zip(LABELS[labels], names, (A1, A2, A3), strict=False)
    )
    doc = process("http://www.example.cn/9.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in heads]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_counts_with_a_space_are_not_block_labels(form):
    # "10 个工作日" or "2024 年" open sentences, not blocks; without question headings the page
    # is one section under its title
    lines = ("10 个工作日内办结,结果短信通知。", "2024 年起缴费基数按新标准执行。", "3 天内到窗口领取证件。")
    body = "".join(f"<p>{line}</p><p>{A1}</p><p>{A2}</p><p>{A3}</p>" for line in lines)
    doc = process("http://www.example.cn/10.html", page(body, form))
    assert len(doc.sections) == 1


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("cell", ["<td><strong>{}</strong></td>", "<th>{}</th>", "<td><b>{}</b></td>"])
def test_bold_table_header_cells_are_not_headings(cell, form):
    # a fee table under an answer: its bold column headers ("收费标准", "备注") are data labels,
    # while the page's block headings are bold paragraphs
    header = "".join(cell.format(name) for name in ("项目", "收费标准", "备注"))
    table = (
        f"<table><tbody><tr>{header}</tr><tr><td>居民用气</td><td>2.90元/立方米</td><td>按年阶梯</td></tr>"
        "<tr><td>开户通气费</td><td>免费</td><td>开发商缴纳</td></tr></tbody></table>"
    )
    heads = ("益阳居住证办理流程", "益阳燃气开户收费标准")
    body = (
        f"<p><strong>{heads[0]}</strong></p><p>{A1}</p><p>{A2}</p><p>{A3}</p>"
        f"<p><strong>{heads[1]}</strong></p><p>{A2}</p>{table}<p>{A3}</p>"
    )
    doc = process("http://www.example.cn/11.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in heads]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("tag", ["h2", "h3"])
def test_a_plain_question_inside_a_marked_up_answer_stays_in_it(tag, form):
    # the page heads its blocks with <hN>; "谁可以申请?" over a list is part of the answer
    heads = ("益阳居住证怎么办理?", "益阳灵活就业社保怎么交?")
    inner = "<p>哪些人可以申请?</p><ul><li>在益阳居住半年以上的人员</li><li>有合法稳定就业的人员</li></ul>"
    body = f"<{tag}>{heads[0]}</{tag}><p>{A1}</p>{inner}<p>{A3}</p><{tag}>{heads[1]}</{tag}><p>{A2}</p><p>{A3}</p>"
    doc = process("http://www.example.cn/12.html", page(body, form))
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in heads]
    assert FORMS[form]("哪些人可以申请?") in doc.sections[0].text
