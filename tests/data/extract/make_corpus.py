"""Writes the hand-built layout pages of the extraction corpus: ``{name}.html`` + ``{name}.gold.txt``.

Each page is a different real-world layout (forum, government notice, news portal, blog, Q&A,
list-heavy, table layout, br-separated, split article, ...) around an article whose main text is
the gold. Re-run after editing: ``python tests/data/extract/make_corpus.py``. The seed pairs
(``seed_*.txt`` + gold) are written by hand, not by this script.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent

NAV = (
    '<ul class="nav">'
    + "".join(
        f'<li><a href="/{i}">{t}</a></li>'
        for i, t in enumerate(["首页", "新闻", "财经", "社保", "医保", "养老", "公积金", "政策", "问答", "专题"])
    )
    + "</ul>"
)
EN_NAV = (
    "<nav><ul>"
    + "".join(
        f'<li><a href="/{t.lower()}">{t}</a></li>'
        for t in ["Home", "World", "Business", "Tech", "Science", "Opinion", "Sport"]
    )
    + "</ul></nav>"
)
FOOT = (
    '<div class="foot"><p>关于我们 | 联系我们 | 网站地图 | 免责声明</p>'
    "<p>© 2012-2024 某某网 版权所有 京ICP备12345678号-1</p></div>"
)
EN_FOOT = '<footer><p>© 2024 Example Media Ltd. All rights reserved.</p><p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>'
RELATED = (
    '<div class="related"><h3>相关推荐</h3><ul>'
    + "".join(
        f'<li><a href="/r{i}">{t}</a><span>2024-05-0{i}</span></li>'
        for i, t in enumerate(
            ["医保卡丢了怎么补办?", "异地就医如何备案?", "退休后医保还要交吗?", "灵活就业人员医保怎么缴?"], 1
        )
    )
    + "</ul></div>"
)
HOT = (
    '<div class="side"><h4>热门文章</h4><ol>'
    + "".join(
        f'<li><a href="/h{i}">{t}</a></li>'
        for i, t in enumerate(
            ["2024年养老金上调方案公布", "个人所得税专项附加扣除新规", "公积金贷款额度怎么算", "社保断缴有什么影响"]
        )
    )
    + "</ol></div>"
)
EN_RELATED = (
    '<section class="more"><h2>Related Articles</h2><ul>'
    + "".join(
        f'<li><a href="/a{i}">{t}</a></li>'
        for i, t in enumerate(["Markets rally as inflation cools", "The quiet return of the office", "Why bees matter"])
    )
    + "</ul></section>"
)

ZH = {
    "pension": (
        "2024年城乡居民基础养老金上调,每月多发多少?",
        [
            "根据人力资源社会保障部、财政部近日印发的通知,2024年城乡居民基础养老金最低标准提高20元,达到每人每月123元。",
            "此次调整自2024年1月1日起执行,各地将在7月底前补发到位,参保人员无需另行申请。",
            "各省份可以根据当地经济发展水平和财力状况,在中央标准基础上适当提高本地基础养老金标准。",
            "专家表示,连续上调基础养老金,有利于增强城乡居民参保缴费的积极性,更好保障老年人的基本生活。",
        ],
    ),
    "medical": (
        "异地就医备案如何办理?线上线下都可以",
        [
            "参保人员异地就医前,需要先办理备案手续,备案后可在就医地直接结算医疗费用。",
            "线上办理:打开国家医保服务平台APP,选择“异地备案”,按提示填写参保地、就医地和备案类型,提交后即可完成。",
            "线下办理:携带身份证或社保卡,到参保地医保经办机构窗口提交备案申请,工作人员审核后当场办结。",
            "需要注意的是,临时外出就医人员的备案有效期一般为6个月,有效期内可多次就诊。",
            "未办理备案直接在外地就医的,回参保地手工报销时,报销比例可能会适当降低。",
        ],
    ),
    "housing": (
        "住房公积金提取新规出台,租房提取额度提高",
        [
            "市住房公积金管理中心日前发布通知,自6月1日起提高租房提取住房公积金的额度。",
            "在本市无自有住房且租赁住房的职工,每月可提取额度由1500元提高到2000元。",
            "多子女家庭租房提取的,可按实际房租支出提取,最高不超过每月3000元。",
            "职工可通过公积金中心网站、手机APP或者线下网点申请提取,资金一般在3个工作日内到账。",
        ],
    ),
    "weather": (
        "今年入汛以来我国南方地区遭遇多轮强降雨",
        [
            "国家气候中心监测显示,今年入汛以来,我国南方地区先后出现多轮强降雨过程,累计降雨量较常年同期偏多三成以上。",
            "受强降雨影响,江西、湖南、广西等地部分中小河流出现超警戒水位,多地启动防汛应急响应。",
            "气象专家提醒,未来一周南方地区仍有较强降雨,公众应关注预警信息,尽量避免前往山区、河道等危险区域。",
            "各地水利部门已提前预置抢险力量和物资,加强对水库、堤防的巡查防守。",
        ],
    ),
    "tea": (
        "春茶上市季,如何挑选一款好绿茶",
        [
            "每年清明前后是绿茶集中上市的时候,市场上的新茶品种繁多,价格也相差很大。",
            "看外形:好的绿茶条索紧结、色泽鲜绿有光泽,芽头多、碎末少。",
            "闻香气:新茶香气清新持久,带有栗香或兰花香,如果有陈味或焦味则品质较差。",
            "品滋味:冲泡后汤色清澈明亮,入口鲜爽回甘,苦涩味轻。",
            "储存时应密封、避光、低温保存,最好放入冰箱冷藏,以保持茶叶的新鲜度。",
        ],
    ),
}
EN = {
    "bees": (
        "Why Urban Beekeeping Is Booming",
        [
            "Rooftop hives have become a familiar sight in many cities over the last decade, as residents look for ways to reconnect with nature.",
            "Experts say the trend can help pollinate urban gardens, but they warn that too many honeybee colonies may compete with wild bees for limited flowers.",
            "City councils are now drafting guidelines that limit the number of hives per block and encourage planting of native wildflowers.",
            "For beginners, local associations offer courses covering hive inspection, disease prevention and how to harvest honey responsibly.",
        ],
    ),
    "rail": (
        "New High-Speed Rail Line Cuts Journey Times in Half",
        [
            "The long-awaited high-speed line opened to passengers on Monday, reducing the trip between the two cities from four hours to just under two.",
            "Officials said the project, which cost an estimated 12 billion dollars, was completed three months ahead of schedule despite supply chain problems.",
            "Trains will run every 30 minutes during peak hours, and ticket prices will start at 25 dollars for advance bookings.",
            "Environmental groups welcomed the opening, arguing that faster trains will persuade travellers to abandon short-haul flights.",
            "Critics, however, point out that several rural stations on the old line will see fewer services as a result.",
        ],
    ),
}


def para(lines: list[str]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def page(title: str, body: str, lang: str = "zh-CN", head_title: str | None = None) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(head_title or title + '_某某网')}</title>"
        "<style>.x{color:red}</style><script>var a = '<p>not text</p>';</script></head>"
        f"<body>{body}</body></html>"
    )


def layouts() -> dict[str, tuple[str, list[str]]]:
    """name -> (html, gold lines)."""
    out: dict[str, tuple[str, list[str]]] = {}
    t, g = ZH["pension"]
    out["news_portal"] = (
        page(
            t,
            f'<div class="header">{NAV}</div><div class="main"><div class="article">'
            f'<h1>{t}</h1><div class="info">2024-06-12 10:20 来源:新华网 编辑:王明</div>'
            '<div class="share"><a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>'
            f'<div class="content">{para(g)}</div><p class="editor">责任编辑:王明</p></div>{RELATED}</div>'
            f"{HOT}{FOOT}",
        ),
        g,
    )
    t, g = ZH["medical"]
    out["gov_notice"] = (
        page(
            t,
            '<table width="100%"><tr><td><img src="logo.gif"></td></tr>'
            f'<tr><td>{NAV}</td></tr><tr><td><table><tr><td class="lm">当前位置:<a href="/">首页</a> &gt; '
            f'<a href="/zwgk">政务公开</a> &gt; 通知公告</td></tr><tr><td align="center"><h2>{t}</h2></td></tr>'
            "<tr><td>发布日期:2024-03-01 信息来源:市医疗保障局 浏览次数:1024</td></tr>"
            f'<tr><td class="zw">{para(g)}</td></tr><tr><td><a href="javascript:print()">【打印本页】</a> '
            '<a href="javascript:close()">【关闭窗口】</a></td></tr></table></td></tr>'
            "<tr><td>主办单位:某市医疗保障局 地址:某市人民路1号 联系电话:0000-12345678 ICP备案号:某ICP备000001号</td></tr></table>",
        ),
        g,
    )
    t, g = ZH["housing"]
    posts = "".join(
        f'<tr><td class="pls"><a href="/u{i}">用户{i}</a><br>积分 {i * 37}</td><td class="plc">'
        f'<div class="pi">{i + 1}#  发表于 2024-05-0{i + 1}</div><div class="t_f">{escape(x)}</div></td></tr>'
        for i, x in enumerate(["顶一个,谢谢分享!", "我们这边还没执行,等通知。", "学习了"], 1)
    )
    out["forum_post"] = (
        page(
            t,
            f'<div id="hd">{NAV}</div><div id="pt"><a href="/">论坛</a> › <a href="/f">公积金</a> › 帖子</div>'
            f'<div id="postlist"><h1>{t}</h1><table><tr><td class="pls"><a href="/u0">楼主小王</a><br>积分 2048</td>'
            f'<td class="plc"><div class="pi">楼主  发表于 2024-05-01 09:00</div><div class="t_f">{"<br>".join(escape(x) for x in g)}</div>'
            f'<div class="sign">签名:每天进步一点点</div></td></tr>{posts}</table></div>'
            '<div class="pg"><a href="?p=1">1</a><a href="?p=2">2</a><a href="?p=3">下一页</a></div>' + FOOT,
        ),
        g,
    )
    t, g = EN["bees"]
    out["blog_en"] = (
        page(
            t,
            f'<header class="site-header">{EN_NAV}</header><main><article class="post">'
            f'<h1 class="entry-title">{t}</h1><p class="byline">By Jane Doe · March 3, 2024 · 5 min read</p>'
            f'<div class="entry-content">{para(g)}</div><div class="tags">Tags: <a href="/t/bees">bees</a> <a href="/t/city">city</a></div>'
            '</article><section class="comments"><h3>2 Comments</h3><p><a href="/u/bob">Bob</a>: Great post!</p>'
            '<p><a href="/u/amy">Amy</a>: Thanks.</p></section></main><aside class="sidebar"><h3>Popular</h3>'
            '<ul><li><a href="/p1">Ten tips for gardeners</a></li><li><a href="/p2">Composting 101</a></li></ul></aside>'
            f"{EN_FOOT}",
            "en",
            t + " | Green City Blog",
        ),
        g,
    )
    t, g = EN["rail"]
    out["news_en"] = (
        page(
            t,
            f'{EN_NAV}<div class="article-wrapper"><h1>{t}</h1><div class="meta">'
            '<span>By Staff Reporter</span> <time>June 1, 2024</time></div><div class="social"><a href="#">Share</a>'
            '<a href="#">Tweet</a></div><div class="story-body">'
            + "".join(
                f"<p>{escape(x)}</p>" + ('<div class="ad-slot">Advertisement</div>' if i == 1 else "")
                for i, x in enumerate(g)
            )
            + '</div><div class="newsletter">Sign up for our daily briefing. <a href="/s">Subscribe</a></div>'
            f"</div>{EN_RELATED}{EN_FOOT}",
            "en",
            t + " - Daily Courier",
        ),
        g,
    )
    t, g = ZH["tea"]
    out["list_heavy"] = (
        page(
            t,
            f'{NAV}<div class="wrap"><div class="left"><h1>{t}</h1>'
            f'<p>{escape(g[0])}</p><ul class="steps">'
            + "".join(f"<li>{escape(x)}</li>" for x in g[1:4])
            + f'</ul><p>{escape(g[4])}</p></div><div class="right">{HOT}<div class="links"><h4>友情链接</h4>'
            + "".join(f'<a href="http://l{i}.com">合作网站{i}</a> ' for i in range(12))
            + f"</div></div></div>{FOOT}",
        ),
        g,
    )
    t, g = ZH["weather"]
    out["br_paragraphs"] = (
        page(
            t,
            f'<center>{NAV}</center><table><tr><td width="200">'
            + "".join(f'<a href="/c{i}">栏目{i}</a><br>' for i in range(10))
            + f'</td><td><font size="4"><b>{t}</b></font><br>时间:2024-07-02 作者:本站<br><br>'
            + "<br><br>".join(f"&nbsp;&nbsp;{escape(x)}" for x in g)
            + f'<br><br>上一篇:<a href="/p">夏季防暑降温指南</a><br>下一篇:<a href="/n">台风路径最新预报</a></td></tr></table>{FOOT}',
        ),
        g,
    )
    t, g = ZH["medical"]
    out["split_article"] = (
        page(
            t,
            f'{NAV}<div class="art"><h1>{t}</h1>'
            + "".join(f'<div class="sec"><p>{escape(x)}</p></div>' for x in g[:2])
            + '<div class="mid-ad"><a href="/ad">点击领取免费体检卡</a></div>'
            + "".join(f'<div class="sec"><p>{escape(x)}</p></div>' for x in g[2:])
            + f"</div>{RELATED}{FOOT}",
        ),
        g,
    )
    t, g = ZH["housing"]
    table = (
        '<table class="data"><tr><th>类型</th><th>原额度</th><th>新额度</th></tr>'
        "<tr><td>单人租房</td><td>1500元</td><td>2000元</td></tr>"
        "<tr><td>多子女家庭</td><td>2000元</td><td>3000元</td></tr></table>"
    )
    gold = (
        g[:2] + ["类型", "原额度", "新额度", "单人租房", "1500元", "2000元", "多子女家庭", "2000元", "3000元"] + g[2:]
    )
    out["table_in_article"] = (
        page(
            t,
            f'{NAV}<div id="article"><h1>{t}</h1><div class="text">{para(g[:2])}{table}'
            f'{para(g[2:])}</div><div class="keywords">关键词: <a href="/k1">公积金</a> <a href="/k2">租房</a></div></div>{HOT}{FOOT}',
        ),
        gold,
    )
    t, g = ZH["pension"]
    mega = "".join(
        f'<div class="menu-col"><h4>频道{i}</h4>'
        + "".join(f'<a href="/m{i}{j}">子栏目{i}{j}</a>' for j in range(8))
        + "</div>"
        for i in range(8)
    )
    out["mega_menu"] = (
        page(t, f'<div class="menu">{mega}</div><div class="container"><h1>{t}</h1>{para(g[:2])}</div>{FOOT}'),
        g[:2],
    )
    t, g = ZH["tea"]
    out["html5_aside"] = (
        page(
            t,
            f"<header>{NAV}</header><main><article><header><h1>{t}</h1>"
            f'<p class="meta"><time>2024-04-05</time> 来源:茶文化网</p></header>{para(g[:3])}'
            '<aside><p>延伸阅读:<a href="/x">红茶和绿茶的区别</a></p></aside>'
            f'{para(g[3:])}<footer><p>本文标签:<a href="/t">绿茶</a></p></footer></article></main>{FOOT}',
        ),
        g,
    )
    t, g = EN["rail"]
    figure = '<figure><img src="a.jpg"><figcaption>The new train at the central station.</figcaption></figure>'
    out["news_figure_en"] = (
        page(t, f"{EN_NAV}<article><h1>{t}</h1>{figure}{para(g)}</article>{EN_RELATED}{EN_FOOT}", "en"),
        ["The new train at the central station."] + g,
    )
    t, g = ZH["weather"]
    qa_answers = "".join(
        f'<div class="answer"><div class="user"><a href="/u{i}">网友{i}</a></div>'
        f'<div class="answer-text">{escape(x)}</div><div class="vote"><a href="#">赞同</a> <a href="#">反对</a></div></div>'
        for i, x in enumerate(g)
    )
    out["qa_site"] = (
        page(
            t,
            f'{NAV}<div class="question"><h1>{t}?</h1><div class="q-meta">提问于 2024-07-01 <a href="#">举报</a></div></div>'
            f'<div class="answers">{qa_answers}</div><div class="ask"><a href="/ask">我要提问</a></div>{HOT}{FOOT}',
            head_title=t + "?_问答",
        ),
        g,
    )
    t, g = ZH["medical"]
    out["content_farm"] = (
        page(
            t,
            f'{NAV}<div class="crumb"><a href="/">首页</a>&gt;<a href="/yb">医保</a>&gt;正文</div>'
            f'<div class="article"><h1>{t}</h1><div class="time">2024-02-02 08:08:08 社保网</div>'
            f'<div class="con">{para(g)}<p>社保网声明:资讯来源于网络,属作者个人观点,仅供参考。投诉</p></div>'
            '<div class="pre-next"><p>上一篇:<a href="/p">医保卡怎么激活</a></p><p>下一篇:<a href="/n">医保报销比例是多少</a></p></div>'
            '<div class="xgtj"><h3>猜你喜欢</h3>'
            + "".join(
                f'<div class="item"><a href="/i{i}">医保问题{i}怎么办?</a><p>这是一段很长的摘要文字,介绍了第{i}个问题的大概内容和解决办法...更多</p><span>2024-02-0{i}</span></div>'
                for i in range(1, 6)
            )
            + f"</div></div>{FOOT}",
        ),
        g,
    )
    t, g = EN["bees"]
    out["wiki_like_en"] = (
        page(
            t,
            f'<div id="mw-head">{EN_NAV}</div><div id="content"><h1 id="firstHeading">{t}</h1>'
            '<div id="siteSub">From the free encyclopedia</div><div id="bodyContent">'
            f"<p>{escape(g[0])}</p><h2>History</h2><p>{escape(g[1])}</p><h2>Regulation</h2><p>{escape(g[2])}</p>"
            f'<h2>Training</h2><p>{escape(g[3])}</p><h2>See also</h2><ul><li><a href="/w/Bee">Bee</a></li>'
            '<li><a href="/w/Honey">Honey</a></li></ul></div></div><div id="footer">Text is available under a licence.</div>',
            "en",
        ),
        [g[0], "History", g[1], "Regulation", g[2], "Training", g[3]],
    )
    t, g = ZH["pension"]
    out["mobile_page"] = (
        page(
            t,
            f'<div class="top-bar"><a href="/">返回</a><span>社保头条</span><a href="/app">打开APP</a></div>'
            f'<section class="article"><h1>{t}</h1><div class="author">社保头条 2024-06-12</div>{para(g)}'
            '<div class="open-app"><a href="/app">打开APP阅读更多精彩内容</a></div></section>'
            '<section class="recommend"><h3>相关阅读</h3>'
            + "".join(f'<a class="card" href="/c{i}"><h4>养老金问题{i}</h4><p>2024-06-1{i}</p></a>' for i in range(5))
            + "</section>",
        ),
        g,
    )
    t, g = ZH["housing"]
    articles = "".join(f"<p>第{n}条 {escape(x)}</p>" for n, x in zip("一二三四", g, strict=False))
    out["policy_doc"] = (
        page(
            t,
            f'{NAV}<div class="TRS_Editor"><h1>{t}</h1><p>各区住房公积金管理部、各有关单位:</p>'
            f'{articles}<p style="text-align:right">某市住房公积金管理中心</p><p style="text-align:right">2024年5月20日</p></div>'
            '<div class="fj">附件:<a href="/f.doc">申请表.doc</a></div>' + FOOT,
        ),
        ["各区住房公积金管理部、各有关单位:"]
        + [f"第{n}条 {x}" for n, x in zip("一二三四", g, strict=False)]
        + ["某市住房公积金管理中心", "2024年5月20日"],
    )
    t, g = ZH["tea"]
    quote = "好茶不怕细品,好事不怕细商。"
    out["blockquote"] = (
        page(
            t,
            f'{NAV}<div class="post-body"><h1>{t}</h1><blockquote>{quote}</blockquote>{para(g)}'
            f'<p class="copyright">本文版权归原作者所有,转载请注明出处。</p></div>{FOOT}',
        ),
        [quote] + g,
    )
    t, g = ZH["weather"]
    out["comments_long"] = (
        page(
            t,
            f'{NAV}<div class="article"><h1>{t}</h1>{para(g)}</div>'
            '<div class="comment-list"><h3>网友评论</h3>'
            + "".join(
                f'<div class="comment"><a href="/u{i}">网友{i}</a><p>这雨下得太大了,我们小区门口都积水了,希望大家出门注意安全,早点回家。</p></div>'
                for i in range(3)
            )
            + f"</div>{FOOT}",
        ),
        g,
    )
    t, g = EN["rail"]
    out["nested_divs_en"] = (
        page(
            t,
            f"{EN_NAV}"
            + "<div>" * 30
            + f"<h1>{t}</h1>"
            + para(g)
            + "</div>" * 30
            + '<div class="cookie">We use cookies. <a href="/c">Accept</a></div>'
            + EN_FOOT,
            "en",
        ),
        g,
    )
    t, g = ZH["pension"]
    out["intro_summary"] = (
        page(
            t,
            f'{NAV}<div class="detail"><h1>{t}</h1><div class="summary">摘要:基础养老金最低标准提高20元。</div>'
            f'<div class="detail-content">{para(g)}</div><div class="tags">标签:<a href="/t1">养老金</a><a href="/t2">上调</a></div></div>{RELATED}{FOOT}',
        ),
        ["摘要:基础养老金最低标准提高20元。"] + g,
    )
    t, g = EN["bees"]
    out["listing_teasers_en"] = (
        page(
            t,
            f'{EN_NAV}<div class="layout"><div class="col-main"><h1>{t}</h1>{para(g)}</div>'
            '<div class="col-side"><h3>Most read</h3>'
            + "".join(
                f'<div class="teaser"><a href="/t{i}"><h4>Story number {i} about something else</h4></a><p>Short teaser text.</p></div>'
                for i in range(6)
            )
            + f"</div></div>{EN_FOOT}",
            "en",
        ),
        g,
    )
    return out


def main() -> None:
    for name, (html, gold) in layouts().items():
        (HERE / f"{name}.html").write_text(html, encoding="utf-8")
        (HERE / f"{name}.gold.txt").write_text("\n".join(gold) + "\n", encoding="utf-8")
    print(f"wrote {len(layouts())} pages to {HERE}")


if __name__ == "__main__":
    main()
