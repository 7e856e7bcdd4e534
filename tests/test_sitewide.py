from pipeline.document import Document
from pipeline.sitewide import learn, line_key, strip

FOOTER = "社保网声明:资讯来源于网络,属作者个人观点,仅供参考。投诉"
TOPICS = ["医保卡余额怎么查", "养老金如何领取", "公积金怎么提取", "社保断缴怎么办", "生育津贴如何申请"]


def article(topic: str, city: str) -> list[str]:
    return [f"{city}{topic}?", f"{topic}的第一步是准备材料,带上身份证。", "步骤:",
            f"{topic}的第二步是到窗口办理,审核后完成。", f"{topic}时要注意核对信息。", FOOTER]


def corpus() -> dict[str, list[str]]:
    pages = {}
    for t, topic in enumerate(TOPICS):
        for city in ("北京", "上海", "广州"):
            pages[f"http://a.com/{t}/{city}"] = article(topic, city)
    return pages


def test_footer_across_templates_is_learned():
    learned = learn(corpus())
    assert f"a.com\t{line_key(FOOTER)}" in learned


def test_template_copies_do_not_teach_their_content():
    learned = learn(corpus())
    keys = {k.split("\t", 1)[1] for k in learned}
    assert line_key("医保卡余额怎么查的第一步是准备材料,带上身份证。") not in keys
    assert line_key("步骤:") not in keys  # shared by all templates but sits mid-page


def test_one_template_only_learns_nothing():
    pages = {f"http://b.com/{c}": article("医保卡余额怎么查", c) for c in ("北京", "上海", "广州", "深圳")}
    assert learn(pages) == frozenset()


def test_scoped_per_host_and_order_independent():
    pages = corpus()
    reordered = dict(reversed(list(pages.items())))
    assert learn(pages) == learn(reordered)
    other = {"http://c.com/x": [FOOTER, "别的内容。"]}
    learned = learn({**pages, **other})
    doc = Document(url="http://c.com/x", paragraphs=(FOOTER, "别的内容。"))
    assert strip(doc, learned).paragraphs == (FOOTER, "别的内容。")


def test_strip_records_reason():
    learned = learn(corpus())
    doc = Document(url="http://a.com/9", paragraphs=("新的正文。", FOOTER))
    out = strip(doc, learned)
    assert out.paragraphs == ("新的正文。",)
    assert out.removed[-1].reason == "sitewide"


def test_shapes_mask_names_urls_and_places_in_either_punctuation():
    from pipeline.textview import full_width

    assert line_key("(责任编辑:王某)") == line_key("(责任编辑:李某某)") == line_key(full_width("(责任编辑:张三)"))
    assert line_key("(编辑:张某 审核:刘某)") == line_key("(编辑:李某 审核:王某)")
    assert line_key("原文链接:http://a.com/1.html") == line_key("原文链接: https://b.cn/x/2")
    assert line_key("益阳社保网版权所有") == line_key("嘉兴社保网版权所有")
    # an answer-sized line keeps its words: only stock-sentence-sized lines are known by their ends
    long_line = "办理地点:市民服务中心二楼,工作日上午九点到下午五点,节假日休息,需要携带身份证原件和复印件各一份。"
    assert len(line_key(long_line)) > 40
    assert line_key(long_line) != line_key(long_line.replace("市民服务中心", "政务服务大厅"))


def test_learned_per_site_when_each_city_subdomain_has_few_pages():
    cities = ["yiyang", "jiaxing", "kunming", "yinchuan", "lasa"]
    names = {"yiyang": "益阳", "jiaxing": "嘉兴", "kunming": "昆明", "yinchuan": "银川", "lasa": "拉萨"}
    pages = {}
    for number, host in enumerate(cities):
        for t in (number, number + 1):  # two pages per host: too few to learn per host
            topic, editor = TOPICS[t % len(TOPICS)], "王某" if t % 2 else "李某"
            pages[f"http://{host}.farm.com.cn/{t}.html"] = article(topic, names[host])[:-1] + [
                f"(责任编辑:{editor})", f"{names[host]}社保网版权所有"]
    learned = learn(pages)
    assert not any(key.startswith(cities[0] + ".") for key in learned)  # per host: nothing
    doc = Document(url="http://tianjin.farm.com.cn/9.html",
                   paragraphs=("新的正文。", "(责任编辑:赵某)", "天津社保网版权所有"))
    stripped = strip(doc, learned)
    assert stripped.paragraphs == ("新的正文。",)
    other_site = Document(url="http://www.other.cn/1.html", paragraphs=("新的正文。", "(责任编辑:赵某)"))
    assert strip(other_site, learned).paragraphs == other_site.paragraphs


def test_stock_sentences_with_a_topic_slot_share_one_shape_but_city_details_do_not():
    assert line_key("先说结论:租房并没有想象中那么复杂,把下面几个要点弄明白就够了。") == \
        line_key("先说结论：孩子上学并没有想象中那么复杂，把下面几个要点弄明白就够了。")
    # a line naming a place is a per-city detail: its app name stays part of its shape
    assert line_key("惠州的市民还可以下载“惠州通”APP,在相关专区在线办理。") != \
        line_key("济南的市民还可以下载“爱济南”APP,在相关专区在线办理。")



def _blind_farm5_learned():
    """Site-wide keys learned over the 400 articles of the fifth blind farm (tests/blindfarm5,
    written without reading pipeline/), with its gold boilerplate and content shapes."""
    import tempfile
    from pathlib import Path

    from pipeline.chain import process
    from pipeline.sitewide import section_starts
    from tests.blindfarm5.generate import build_site

    with tempfile.TemporaryDirectory() as tmp:
        gold = [g for g in build_site(Path(tmp), articles=400, seed=41) if g["page_type"] == "article"]
        docs = [process(g["url"], (Path(tmp) / g["path"]).read_bytes(), {"Content-Type": "text/html"})
                for g in gold]
    ok = [d for d in docs if d.ok]
    learned = learn({d.url: d.paragraphs for d in ok}, starts_by_url={d.url: section_starts(d) for d in ok})
    keys = {k.split("\t", 1)[1] for k in learned}
    boilerplate = {line_key(line) for g in gold for line in g["boilerplate"]}
    content = {line_key(line) for g in gold for line in g["main_text"]}
    return keys, boilerplate, content


def test_rotated_notices_on_many_unrelated_templates_are_learned_and_their_blocks_are_not():
    # rule 6: each of the farm's 4-9 wordings of a notice reaches ~5 % of pages, too few for
    # rule 3 (which learns 17 of its boilerplate shapes); lines of reused answers land on as many
    # templates but come with their block (without that check, 2 more answer lines are learned)
    keys, boilerplate, content = _blind_farm5_learned()
    assert line_key("整理不易，如果内容对你有一点点帮助，那就是我们最大的动力。") in keys
    assert line_key("本期答疑到此结束，下期我们继续聊大家关心的民生小事。") in keys
    assert len(keys & boilerplate) >= 30
    assert len(keys & content) <= 1
