"""The boilerplate catalogue is tested from its own examples, in ASCII and full-width forms."""

import pytest

from pipeline.boilerplate import CATALOGUE, LINE
from pipeline.clean import clean
from pipeline.document import Document
from pipeline.textview import full_width, match_view

BODY = "办理医保卡需要本人携带身份证原件到当地医保经办窗口填写申请表,审核通过后即可领取,一般需要五到十个工作日。"
FORMS = {"ascii": lambda s: s, "full-width": full_width}


def _cleaned(line: str) -> Document:
    # the line sits mid-body, between two content paragraphs, so only its own rule can take it
    paragraphs = (BODY, BODY + "领取后要及时激活。", line, BODY + "激活后就可以在定点药店使用。")
    return clean(Document(url="http://example.cn/a.html", title="医保卡怎么办理", paragraphs=paragraphs))


EXAMPLES = [(rule.name, example) for rule in CATALOGUE for example in rule.matches]
KEEPS = [(rule.name, example) for rule in CATALOGUE for example in rule.keeps]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name,example", EXAMPLES)
def test_rule_removes_its_examples(name, example, form):
    line = FORMS[form](example)
    doc = _cleaned(line)
    reasons = [r.reason for r in doc.removed]
    assert name in reasons, (line, reasons)
    assert not any(line in p for p in doc.paragraphs)


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name,example", KEEPS)
def test_no_rule_removes_the_kept_examples(name, example, form):
    line = FORMS[form](example)
    doc = _cleaned(line)
    assert line in doc.paragraphs, [(r.reason, r.text) for r in doc.removed]


@pytest.mark.parametrize("rule", [r for r in CATALOGUE if r.scope == LINE], ids=lambda r: r.name)
def test_line_rules_respect_their_length_bound(rule):
    example = rule.matches[0]
    padded = example + "。" + BODY * (rule.max_chars // len(BODY) + 2)
    assert len(match_view(padded)) > rule.max_chars
    assert padded in _cleaned(padded).paragraphs


def test_every_rule_has_examples_both_ways():
    for rule in CATALOGUE:
        assert rule.matches and rule.keeps, rule.name


@pytest.mark.parametrize("form", sorted(FORMS))
def test_sentence_rules_find_a_transition_glued_to_an_answer(form):
    line = FORMS[form]("办理时带上身份证即可。搞清楚了这一点,下面再往下看。")
    doc = _cleaned(line)
    assert FORMS[form]("办理时带上身份证即可。") in doc.paragraphs
    assert any(r.reason == "transition" for r in doc.removed)


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name,example", EXAMPLES)
def test_every_example_holds_an_anchor_of_its_rule(name, example, form):
    # the anchor scan is a prefilter: a match without one of the rule's anchors would be missed
    from pipeline.boilerplate import BY_NAME

    view = match_view(FORMS[form](example)).lower()
    assert any(anchor in view for anchor in BY_NAME[name].anchors), (name, example)
    assert all(anchor == anchor.lower() for anchor in BY_NAME[name].anchors)


def test_an_anchor_that_straddles_a_longer_hit_is_still_seen():
    # "以上" is scanned first and "上一篇" starts inside it: prev-next must still be a candidate
    from pipeline.clean import _candidate_rules

    found = _candidate_rules(["以上一篇:医保卡怎么激活"])
    assert {"prev-next", "editor-filler"} <= {rule.name for rule in found[0]}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name,example", EXAMPLES)
def test_the_anchor_prefilter_offers_each_example_its_rule(name, example, form):
    # Latin-letter anchors are looked up with `in`, the rest by one regex scan: both must reach
    from pipeline.clean import _candidate_rules

    found = _candidate_rules([match_view(FORMS[form](example))])
    assert name in {rule.name for rule in found.get(0, [])}, (name, example)


def test_a_latin_anchor_inside_mixed_text_is_found():
    from pipeline.clean import _candidate_rules

    found = _candidate_rules(["Copyright 2024 某某网 All Rights Reserved", "点击Share分享到微信"])
    assert "copyright" in {rule.name for rule in found[0]}
    assert "share" in {rule.name for rule in found[1]}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("line", ["你身边有人办过吗?欢迎在评论区分享经验。", "还有哪些疑问?有不同看法欢迎留言讨论。"])
def test_questions_leading_into_a_prompt_go_with_it(line, form):
    # left alone, "你身边有人办过吗?" would pass for a question heading and open a section
    doc = _cleaned(FORMS[form](line))
    assert not any("吗" in p or "疑问" in p for p in doc.paragraphs), doc.paragraphs
    assert any(r.reason == "reader-prompt" and "?" in match_view(r.text) for r in doc.removed)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_answer_sentence_before_a_prompt_stays(form):
    line = FORMS[form]('办理时带上身份证即可。觉得有用就点个"在看"吧!')
    doc = _cleaned(line)
    assert FORMS[form]("办理时带上身份证即可。") in doc.paragraphs
