"""The reviewed catalogue of in-body boilerplate: every phrase list and line shape in one place.

Each :class:`Rule` names a kind of boilerplate (the name is the ``reason`` recorded in
``documents.removed``), gives its pattern, and carries example lines that must match and lines
that must not (tests run every example in ASCII and in full-width punctuation). Patterns are
matched against the *matching view* of a line (``pipeline.textview.match_view``): full-width
punctuation is already ASCII there, so a pattern writes ``:`` and ``?`` once, never ``[:：]``.

Scopes:

- ``line``: the whole line goes when the pattern matches and the line is at most ``max_chars``
  long (the bound keeps a paragraph that merely *mentions* a phrase);
- ``sentence``: only the matching sentence of a paragraph goes (editor filler, transitions).

Where the wordings come from: the five seed pages, the field cases, the zh-web-content and
readability pages in ``../shared/benchmarks``, and the kinds listed in issue 12 (credits in
brackets, share widgets, reprint notices, platform statements, transitions between stitched
blocks). A new wording is added here with an example, not as a regex somewhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE, SENTENCE = "line", "sentence"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    scope: str = LINE
    max_chars: int = 120
    matches: tuple[str, ...] = ()  # lines (views) the rule must remove
    keeps: tuple[str, ...] = ()  # lines no rule of the catalogue may remove
    # Lower-case literals of which every match holds at least one. One scan for all anchors of
    # the catalogue finds the few lines each rule can match (the prefilter of RE2/Hyperscan);
    # searching every rule over every line costs 20-30x more on a Chinese page.
    anchors: tuple[str, ...] = ()


def _rule(
    name: str,
    pattern: str,
    *,
    anchors: str,
    scope: str = LINE,
    max_chars: int = 120,
    matches: tuple[str, ...] = (),
    keeps: tuple[str, ...] = (),
) -> Rule:
    # A pattern matches one line (its view); it holds no \s, so it can never reach past one.
    assert "\\s" not in pattern, name
    return Rule(
        name,
        re.compile(pattern, re.IGNORECASE | re.MULTILINE),
        scope,
        max_chars,
        matches,
        keeps,
        tuple(anchors.split()),
    )


_SP = r"[ \t]"
_CREDIT_ROLES = (
    r"(?:责任编辑|责编|编辑|主编|审核|审校|校对|终审|初审|复审|监制|作者|记者|撰稿|撰文|文字|文案|"
    r"通讯员|实习生|摄影|图片|排版|美编|整理|供稿|出品人?)"
)
_NAME = r"[^ \t\n:,。;()|]{1,12}"
_LATIN_POSTED = r"(?:published|posted|updated|publicado|atualizado|publié|veröffentlicht|pubblicato)"
_LATIN_DATE = (
    r"(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2})"
)


# one button of a page-rating widget: "很有用", "一般", "没什么用"
_RATING_BUTTON = r"(?:(?:很|非常|比较|不太)?(?:有用|没用|有帮助|没帮助|满意|不满意|一般|还行|实用)|没(?:什么|啥)用)"

_REVIEWER = (
    r"(?:(?:医学|内容|专业|本文|专家)(?:审稿|审核|审阅|审定)|"
    r"(?:审稿|审核|审阅|审定)(?:专家|医生|医师|律师|老师)|审稿)"
)


def _preceded(literal: str, before: tuple[str, ...]) -> str:
    """``literal`` when one of ``before`` stands right before it. The regex then starts from
    ``literal`` (rare) instead of trying every position where one of ``before`` (common) might
    begin: lookbehinds after a literal cost nothing where the literal is absent."""
    return f"{literal}(?:" + "|".join(f"(?<={word}{literal})" for word in before) + ")"


# "(以下|下面)(这|几|这几)?个?" right before 问题/话题: "…很多人还会关心以下问题。"
_POINTING = (
    "(?:"
    + "|".join(
        _preceded(
            noun, tuple(a + b + c for a in ("以下", "下面") for b in ("", "这", "几", "这几") for c in ("", "个"))
        )
        for noun in ("问题", "话题")
    )
    + ")"
)

# A hedge clause ("请以…为准", "具体以当地…为准", "如有调整以…为准") ends many answer sentences
# ("…一般当天就能生效,具体以当地医保部门的规定为准。"): there it is content. The sentence is a
# disclaimer only when it is about the text or the site, not about the world: it opens with the
# hedge, it sits under a notice label ("温馨提示:", "注:", "免责说明:"), its subject points at
# the text ("以上", "本文", "文中", "本站"), or it says no more than that every place differs
# ("各地政策存在差异,请以…为准").
_HEDGE = r"(?:请以.{0,12}为准|具体(?:需)?以当地.{0,12}为准|(?:如有|若有)(?:变动|变化|调整|更新).{0,6}以.{0,12}为准)"
_NOTICE_LABEL = r"(?:(?:温馨|友情|特别|重要|风险|小)?(?:提示|提醒|说明)|注|备注|免责[^ \t:,。]{0,2})"
_ABOUT_TEXT = r"(?:以上|上述|本文|文中|文章|本站|本网|本平台|本页|页面|此文|该文)"
_EVERY_PLACE = r"(?:各地|各省|各市|各地区|不同地区|不同城市)"
_HEDGED_NOTICE = (
    rf"(?:^|[。!?;])[ \t]*(?:具体|最终|实际|一切)?{_HEDGE}"
    rf"|^{_NOTICE_LABEL}[ \t]*:.*{_HEDGE}"
    rf"|{_ABOUT_TEXT}[^。!?]{{0,30}}{_HEDGE}"
    rf"|(?:^|[。!?;])[ \t]*{_EVERY_PLACE}[^,。!?]{{0,12}}(?:差异|不同|不一|有别|调整|变化|变动)[^,。!?]{{0,6}},[ \t]*(?:具体|最终|实际)?{_HEDGE}"
)

CATALOGUE: tuple[Rule, ...] = (
    _rule(
        "prev-next",
        r"^[«»<>←→‹›][ \t]*(?:上|下|前|后)|^(?:上一篇|下一篇|上一页|下一页|上一条|下一条|上一个|下一个|"
        r"前一篇|后一篇|上篇|下篇|上一个问题|下一个问题|上一问|下一问)(?::|[ \t]|$)",
        anchors="上一 下一 上篇 下篇 前一 后一 « » < > ← → ‹ ›",
        max_chars=60,
        matches=(
            "上一篇:医保卡怎么激活",
            "下一篇: 社保断缴怎么办",
            "下一页",
            "« 前一篇:学车费用明细",
            "后一篇:离婚子女抚养权",
            "← 上一个问题:租房合同注意事项",
            "上篇:狗证怎么办理?",
        ),
        keeps=("下一个步骤是在APP上提交材料,审核通过后即可领取。",),
    ),
    _rule(
        "breadcrumb",
        r"^(?:当前位置|您的位置|您现在的位置|所在位置|位置)[ \t]*:|^首页[ \t]*[>»›/]",
        anchors="位置 首页",
        max_chars=80,
        matches=("当前位置:首页 > 社保 > 正文", "您现在的位置: 首页 » 新闻", "首页 > 医保 > 医保卡"),
        keeps=("位置在市民服务中心二楼,乘坐公交可以到达。",),
    ),
    _rule(
        "tags",
        r"^(?:本文|文章)?(?:关键词|关键字|标签|相关标签|热门标签|相关话题|话题|热门搜索|相关搜索|大家都在搜|tags?|keywords?)[ \t]*:"
        r"|^(?:#[^#\n]{1,14}#[ \t]*){2,}$",
        anchors="关键词 关键字 标签 话题 搜索 大家都在搜 tag keyword #",
        max_chars=120,
        matches=(
            "关键词:医保 余额 查询",
            "标签: 社保卡",
            "Tags: health, insurance",
            "本文关键词:公积金提取 办理流程",
            "话题:#公积金# #租房提取#",
            "#驾照换证# #体检#",
            "大家都在搜: 公积金贷款 提取",
        ),
        keeps=("关键是要提前准备好材料:身份证和户口本。",),
    ),
    _rule(
        "share",
        r"^(?:分享(?:到|至|给|本文|文章|此文|这篇)?|一键分享|转发(?:到|至|本文)?|share(?: this)?(?: on| to| article)?)"
        r"[ \t]*(?::|$)|^(?:(?:微信|微博|朋友圈|qq空间|qq|腾讯微博|豆瓣|复制链接|扫一扫)[ \t|/·]*){2,}$",
        anchors="分享 转发 share 微信 微博 朋友圈 qq 豆瓣 复制链接",
        max_chars=60,
        matches=(
            "分享到:",
            "分享到: 微信 微博 QQ空间",
            "Share this:",
            "微信 微博 QQ空间 复制链接",
            "分享这篇:微信 | 朋友圈",
            "转发本文: 微信扫一扫",
            "微博 / QQ空间 / 复制链接",
        ),
        keeps=("可以在微信里搜索当地医保公众号,绑定后查询。",),
    ),
    _rule(
        "editor-credit",
        rf"^\(?{_SP}*(?:本文|文章|本期)?{_CREDIT_ROLES}{_SP}*[:/|]{_SP}*{_NAME}"
        rf"(?:{_SP}*[,;|]?{_SP}*{_CREDIT_ROLES}{_SP}*[:/|]{_SP}*{_NAME})*{_SP}*\)?[。.]?$"
        rf"|^\({_SP}*{_CREDIT_ROLES}{_SP}*[:/][^()\n]{{1,30}}\)$"
        r"|^(?:文|图|文图|图文|文/图)[/|][ \t]*[^ \t\n,。]{1,12}(?:[ \t]+(?:文|图)[ \t]*/[ \t]*[^ \t\n,。]{1,12})?$"
        # a reviewing doctor or lawyer with department and title: "审稿专家:骨科 王某 主任医师"
        # (a bare "审核:" may start a step of the answer: the label must name a reviewer)
        rf"|^{_REVIEWER}[ \t]*:[^。,;\n]{{2,30}}$"
        # the same with the reviewer's title and years: "专家审阅:王某,主任医师,从事…工作20年"
        rf"|^{_REVIEWER}[ \t]*:[^。\n]{{2,20}}(?:医师|护师|药师|技师|教授|律师|研究员|主任)[^。\n]{{0,30}}$"
        # "本文经某某医院某科王某(主任医师)审核", "本文由某某律师审定"
        r"|^本文(?:已于[^,。\n]{4,16})?(?:经|由)[^。\n]{2,40}(?:审核|审阅|审定|把关|复核)(?:通过)?[。]?$"
        # "某某网编辑 张三 整理", "本站记者 李四 报道"
        r"|^[^,。:\n]{0,12}(?:编辑|记者|小编|作者)[ \t]+[^ \t\n,。]{1,6}[ \t]*(?:整理|编辑|撰写|报道|撰稿)$"
        # the site's editorial team and a person: "作者:某某网编辑部 王某"
        rf"|^\(?(?:本文|文章)?{_CREDIT_ROLES}{_SP}*:{_SP}*[^ \t\n:,。;()|]{{1,12}}(?:编辑部|编辑组|编辑团队|工作室|团队|小组)"
        rf"{_SP}+[^ \t\n:,。;()|]{{1,4}}\)?$",
        anchors="审稿 审阅 审定 把关 复核 文字 文案 责任编辑 责编 编辑 主编 审核 审校 校对 终审 初审 复审 监制 作者 记者 撰稿 撰文 通讯员 实习生 摄影 图片 排版 美编 整理 供稿 出品 文/ 图/ 文| 图|",
        max_chars=60,
        matches=(
            "(责任编辑:王某)",
            "(编辑:张某 审核:刘某)",
            "责任编辑:李某",
            "编辑: 张三",
            "(编辑:张某;审核:刘某)",
            "本文编辑:吴某|校对:刘某",
            "文/张三",
            "作者:社保小助手",
            "(记者:王某某 通讯员:李某)",
            "医学审核:儿科 李某某 副主任医师",
            "内容审核:王某 主治医师(骨科)",
            "专家审阅:刘某,副主任药师,从事临床药学工作15年",
            "本文经某某市人民医院心内科王某(主任医师)审核",
            "本文已于2024年5月8日经王某复核。",
            "审稿律师:北京某某律师事务所 张某",
            "车友网编辑 小周 整理",
            "作者:便民生活网编辑部 陈晨",
            "(撰稿:城事通内容团队 老李)",
            "编辑|林小溪 校对|周一",
            "文字:李想|编辑:王一|审核:赵二",
        ),
        keeps=(
            "编辑短信发送到12333即可查询。",
            "审核通过后,会在3个工作日内发放社保卡。",
            "图片要求:近期一寸免冠照片,白色背景。",
            "审核:材料齐全后由科室主任签字确认",
        ),
    ),
    _rule(
        "reprint",
        r"转载[^,。]{0,3}请[^,。]{0,6}(?:注明|标明|保留|附上|带上)(?:出处|来源|原文|本文|链接|作者)|(?:未经|未获).{0,12}(?:授权|许可|同意).{0,20}"
        r"(?:不得|禁止|严禁|请勿)?.{0,4}(?:转载|复制|使用|摘编|镜像|传播|改编)|(?:禁止|谢绝|严禁|请勿)(?:任何形式的?)?转载|"
        r"如需转载|(?:本文|文章|内容)(?:来自|来源于|转自|摘自|由).{0,30}(?:转载|整理|发布|原创)|"
        r"(?:原创|独家)(?:内容|文章|作品|稿件).{0,12}转载|^(?:本文|文章)?转载自|^(?:本文)?(?:来自|转自|摘自|原文(?:链接|地址))[ \t]*:|^(?:本文|文章|信息|内容|资料|数据|素材|图文)来源[ \t]*:|^来源[ \t]*:[^。]{0,30}(?:整理|综合|编辑|原创)$"
        # "本文部分内容参考…公开信息", "文中政策口径摘自…发布的办事指南"
        r"|^(?:本文|文中|文章|部分资料|部分内容|部分数据|相关资料)[^,。]{0,6}(?:参考|摘自|摘编自|引自|整理自|来源于)",
        anchors="转载 未经 未获 整理 发布 原创 来自 转自 摘自 摘编 原文 来源 参考 引自",
        max_chars=120,
        matches=(
            "转载请注明出处",
            "本文来自某某网,转载请注明出处。",
            "某某原创内容,转载请注明出处。",
            "未经授权不得转载",
            "原文链接: http://www.example.cn/a/1.html",
            "谢绝转载",
            "未经本站书面许可,任何单位和个人不得摘编、复制本文内容。",
            "转载时请务必附上本文链接,谢谢。",
            "信息来源: 某某市人社局官网、本站编辑整理",
            "未获作者同意,请勿擅自镜像或传播。",
            "资料来源:市交通运输局网站,本站编辑汇总",
            "素材来源:市人社局官网,部分内容有删改",
            "本文转载自城市生活号,原作者:李某",
            "文中收费标准引自市发改委公布的价格文件。",
            "本文部分数据参考供电公司公开资料。",
            "部分资料摘编自市自来水公司官网。",
        ),
        keeps=(
            "医保关系转移接续需要在新参保地申请,原参保地会把个人账户余额转过去。",
            "办理时可以参考窗口张贴的样表填写。",
        ),
    ),
    _rule(
        "statement",
        r"声明[ \t]*:.{0,60}(?:投诉|来源于网络|侵权|删除|版权|个人观点)|"
        r"(?:如|若|如果|倘若|涉及)(?:有|涉及|存在|发现)?(?:[^,。]{0,6})(?:侵权|侵犯|版权)[^。]{0,60}(?:联系|删除|告知|处理)|"
        r"版权归(?:属)?(?:原作者|原作|作者|原网站|原出处)|转载(?:仅为|只为|仅是为了|是为了|目的在于|出于)传递(?:更多)?信息|"
        r"(?:来源于|来自)(?:互联网|网络).{0,60}(?:侵权|删除|联系)|侵删|"
        r"侵权.{0,30}(?:删除|投诉|联系|告知)|(?:删除|投诉|联系).{0,30}侵权|"
        r"(?:如|若|如果|倘若)[^,。]{0,8}(?:涉及|侵犯|损害|影响)[^,。]{0,6}(?:合法)?权益[^。]{0,60}(?:联系|删除|告知|处理|来函|来信|发送)|"
        r"版权(?:及|和|与)投诉",
        anchors="声明 侵 版权问题 版权归 来源于 来自 传递 权益 版权及 版权和 版权与",
        max_chars=160,
        matches=(
            "社保网声明:本站部分内容来源于网络,如有侵权请联系删除",
            "如有侵权,请联系我们删除。",
            "如发现本文存在侵权内容,请发送邮件至 jubao@example.cn 投诉,一经查实立即删除。",
            "声明:本文由用户上传,如有侵权请投诉",
            "文中图片如涉及作品版权问题,请在30日内与我们联系,我们会及时处理。",
            "部分图文转自网络,若侵犯了您的合法权益,请来信告知,我们核实后会尽快删除。",
            "图文版权归原作者所有,本站转载只为传递更多信息。",
            "若文中内容影响到您的合法权益,请来函说明,我们核实后立即处理。",
            "版权及投诉:jubao@example.cn",
        ),
        keeps=("参保人可以向医保部门投诉定点医院的违规收费行为。",),
    ),
    _rule(
        "platform-statement",
        r"(?:本站|本网|本网站|本平台|本号|平台)(?:只|仅)?(?:作为)?(?:提供|负责)?信息(?:的)?(?:存储|储存)|"
        r"(?:只|仅)(?:负责|提供)(?:信息)?(?:的)?(?:存储|储存)(?:与|和)?(?:展示|空间)?|信息存储空间(?:服务)?|"
        r"(?:由|系)(?:网友|用户|入驻|[^,。]{1,10}(?:网友|用户|作者|号主))(?:自行|自主)?(?:投稿|上传|发布|提供|撰写|创作)|"
        r"代表(?:原?作者)?(?:本人|个人)(?:的)?(?:观点|立场)|(?:仅|只)代表(?:原?作者)?(?:本人|个人)|"
        r"不代表.{0,10}(?:观点|立场|口径|意见)|"
        r"provides? (?:only )?information storage space|only provides? information storage|"
        r"do(?:es)? not (?:necessarily )?(?:represent|reflect) the (?:views|position|opinions?)|"
        r"^notice[ \t]*:.{0,160}(?:storage|views|copyright|infring)",
        anchors="存储 储存 网友 用户 入驻 作者 号主 观点 立场 代表 storage represent reflect notice",
        max_chars=240,
        matches=(
            "本站只提供信息存储空间服务,不拥有所有权,不承担相关法律责任。",
            "本网站所刊载信息由网友投稿,平台只负责存储与展示。",
            "本文仅代表作者本人观点,不代表本站立场。",
            "以上内容由本站注册用户上传,平台已进行初步审核。",
            "文章系入驻作者自行撰写,观点仅代表作者本人。",
            "本网是一个办事信息分享平台,所载内容不代表官方口径。",
            "Notice: The content above (including the pictures and videos if any) is uploaded and posted by "
            "a user, which is a social media platform and only provides information storage space services.",
        ),
        keeps=("医保个人账户的钱可以代表家人支付在定点药店购药的费用。", "申请表由用户本人填写,材料由社区提供。"),
    ),
    _rule(
        "disclaimer",
        r"仅供参考|不能代替面诊|不构成.{0,6}建议|免责声明|"
        + _HEDGED_NOTICE
        + r"|截至发稿|政策(?:具有|有一定的?|存在)时效性|"
        # "文中信息如与实际不符,请以…为准"
        r"(?:文中|本文|以上|上述)(?:信息|内容|政策)?[^,。]{0,4}(?:如|若|如果)(?:与|和)(?:实际|最新|现行)[^,。]{0,6}(?:不符|不一致|有出入)|"
        r"(?:不作为|不能作为|不可作为|不能替代|不可替代|不能代替|不代替|并非)(?:任何)?[^,。]{0,8}"
        r"(?:诊断|诊疗|治疗|医疗|法律|专业|投资)[^,。]{0,8}(?:依据|建议|意见)",
        anchors="时效性 参考 面诊 不构成 免责 为准 截至发稿 不作为 不能作为 不可作为 替代 代替 并非 不符 不一致 有出入",
        max_chars=80,
        matches=(
            "温馨提示:本数据仅供参考",
            "提示:本内容不能代替面诊",
            "以上内容请以官方最新公布为准",
            "注:文中政策信息截至发稿时,后续如有变动以官方通知为准。",
            "本平台所有内容均不作为诊断和治疗依据。",
            "文章仅为科普,不能替代专业医生的诊疗意见。",
            "以上解答并非正式法律意见。",
            "政策有一定时效性,以上信息请结合当地最新规定。",
            "上述内容若与实际办理情况不一致,以营业厅答复为准。",
            "以上内容仅供参考,具体请以当地官方最新公布为准。",
            "本站内容仅供参考,具体请以官方为准",
            "本站信息如有调整,请以官方发布为准。",
            "温馨提示:办理要求可能随时调整,请以窗口答复为准。",
            "具体请以当地社保局公布的为准。",
            "各地政策存在差异,请以当地主管部门的最新公告为准。",
        ),
        keeps=(
            "报销比例一般在50%到90%之间,医院级别越高,比例越低。",
            "检查结果可以作为医生诊断的依据之一。",
            # a hedge clause that closes an answer sentence is part of the answer
            "在手机上申请的一般当天就能生效,具体以当地医保部门的规定为准。",
            "住院费用按就医地的目录执行,起付线和比例可能与本地不同,请以参保地医保局公布的标准为准。",
            "大部分城市已经开通异地药店直接结算,如有调整以最新通知为准。",
            "夫妻双方可以合并计算,但单笔贷款有最高限额,具体以当地公积金中心公布的标准为准。",
            "杭州各区的入学细则略有差别,请以所在区教育局发布的方案为准。",
        ),
    ),
    _rule(
        "copyright",
        r"©|版权所有|copyright|all rights reserved|icp[备证]|公网安备|联系邮箱|联系我们|"
        r"投稿邮箱|违法和不良信息|举报电话",
        anchors="© 版权所有 copyright rights icp 公网安备 联系 投稿 违法 举报",
        max_chars=100,
        matches=(
            "© 2012-2020 社保网",
            "Copyright 2024 example.cn All Rights Reserved",
            "京ICP备12345678号",
            "网站联系邮箱:abc@example.cn",
        ),
        keeps=("可以拨打12393医保服务热线查询。", "联系电话:0737-4221234"),
    ),
    _rule(
        "date-meta",
        # a stamp (date or time of day) with a word that says what happened at it: posted,
        # updated, answered, read; "2024年1月1日起执行" (no such word) is content
        r"^(?=.{0,60}$)(?=.*(?:\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}|\d{1,2}:\d{2}))"
        r".*(?:发表于|发布于|发表|更新|修改于|最后修改|最近修改|回答于|回答者|答主|采纳率|阅读|浏览|点击|已更新)"
        # a name and a date, nothing else: "热心市民李先生 | 2023-01-01", "匿名用户 于 2023年…"
        r"|^[^\d,。:\n]{2,14}[ \t]*(?:[|·丨]|[ \t]于)[ \t]*\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}[^,。\n]{0,12}$"
        # the same in the benchmark's other languages: "05/10/2018 - Publicado por: …"
        r"|^"
        + _LATIN_DATE
        + r"[^\n]{0,60}?\b"
        + _LATIN_POSTED
        + r"|\b"
        + _LATIN_POSTED
        + r"\b[^\n]{0,60}?"
        + _LATIN_DATE,
        anchors="发表 发布 更新 修改 回答 答主 采纳 阅读 浏览 点击 | · 丨 于 published posted updated publicado atualizado publié veröffentlicht pubblicato",
        max_chars=120,
        matches=(
            "韩某 发表于 2022年07月17日 · 阅读 44870",
            "(2024-01-12 10:04 已更新)",
            "本文于 2024-01-12 10:04 更新",
            "最后修改于 2023-05-06",
            "最近修改:2024/02/11 09:30",
            "答主:匿名用户 · 回答于 2023-04-01",
            "法律小百科 采纳率96% 2023年3月2日",
            "热心市民李先生 | 2023-01-01",
            "匿名用户 于 2023年5月6日 10:02",
            "05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde",
            "Published 18 November 2019",
        ),
        keeps=("缴费时间:2024年1月1日至2024年6月30日", "政策从2024年1月1日起执行,旧规定同时废止。"),
    ),
    _rule(
        "qa-label",
        r"^(?:推荐答案|最佳答案|满意答案|精选回答|网友回答|网友答案|专家回答|热心网友|其他回答|更多回答|"
        r"提问者采纳|相关问答|我来回答|我要提问|全部回答)[ \t]*(?:\(\d+\))?[ \t:]*$",
        anchors="答案 回答 网友 采纳 问答 提问",
        max_chars=20,
        matches=("推荐答案", "最佳答案:", "网友回答(3)"),
        keeps=("推荐答案是先去派出所开证明。",),
    ),
    _rule(
        "counter",
        r"^(?:已帮助|有用|没用|赞同|赞|点赞|收藏|评论|分享|阅读|浏览|👍|👎)[ \t:]*\d+[ \t]*(?:人|次)?"
        r"(?:[ \t]+(?:有用|没用|赞同|反对|👎)[ \t:]*\d+)*[ \t]*$|^(?:已有|共有|累计)?\d+[ \t]*人(?:觉得有用|赞同|点赞|收藏|看过)[ \t]*$"
        r"|^(?:热度|人气|阅读量|浏览量)[ \t:]*\d+[ \t]*$",
        anchors="帮助 有用 没用 赞 收藏 评论 分享 阅读 浏览 看过 热度 人气 👍 👎",
        max_chars=30,
        matches=(
            "已帮助 35 人",
            "👍 12",
            "有用 3 没用 0",
            "128人觉得有用",
            "阅读 1024",
            "已有3021人觉得有用",
            "人气 8812",
        ),
        keeps=("有用的材料包括身份证和户口本。",),
    ),
    _rule(
        "caption",
        r"^[▲△↑↓▼]|^\(?(?:配图|插图|题图|资料图|示意图|图片来源|图源|图为|图片由|图片为)|^\(?(?:图|摄影|摄)[/:]",
        anchors="▲ △ ↑ ↓ ▼ 配图 插图 题图 资料图 示意图 图片 图源 图为 图: 图/ 摄: 摄/ 影: 影/",
        max_chars=50,
        matches=(
            "(配图与本文内容无关)",
            "(图片来源于网络)",
            "▲ 资料图:市民在自助终端上办理业务",
            "图为市政务服务中心办事大厅。",
            "示意图",
            "图:租房流程示意",
        ),
        keeps=("图片要求:近期一寸免冠照片,白色背景。", "图书馆借阅证可以在线上办理。"),
    ),
    _rule(
        "teaser",
        r"^(?:相关阅读|推荐阅读|延伸阅读|相关推荐|猜你(?:喜欢|想看|爱看|想问)|你可能(?:还)?(?:想看|喜欢)|往期(?:推荐|回顾)|下期预告|"
        r"热门推荐|点击查看|查看更多|更多(?:精彩|资讯|内容)|read (?:more|also|next))[ \t]*[:>»|]"
        # a sentence cut off mid-way with its "read on" link: "…须携带身份证……阅读全文"
        r"|(?:…|\.\.\.)[ \t]*[\[【(]?(?:阅读全文|查看全文|展开全文|查看详情|全文|详情|阅读更多|(?:点击|点此)(?:查看|阅读)(?:全文|详情|更多)?)[\]】)]?[ \t]*[>»]*$",
        anchors="阅读 推荐 猜你 你可能 往期 下期 查看 更多 read 全文 详情 点击 点此",
        max_chars=160,
        matches=(
            "相关阅读:深圳医保卡怎么激活?",
            "推荐阅读: 社保断缴有什么影响",
            "Read more: Health news",
            "燃气过户时买卖双方都要到场,并带上房产证……阅读全文",
            "宽带报装一般三个工作日内上门安装…查看详情>>",
            "居住证到期前三十天可以申请续签...[全文]",
            "猜你想看:电费单上的峰谷电价怎么算?",
            "相关阅读|燃气费怎么在手机上交?",
            "下期预告:燃气表坏了找谁修",
            "停车月卡可以在物业服务中心办理,也能在线续费……点击查看",
        ),
        keeps=(
            "阅读完以上步骤,就可以自己在手机上办理了。",
            "详情可以拨打12345热线咨询。",
            "具体步骤如下……",
            "查看详情后点击提交即可。",
        ),
    ),
    _rule(
        "feedback",
        # a "was this useful?" widget: the question and its buttons on one line
        r"^[^。]{0,14}(?:有帮助|有用|有所帮助|解决了?(?:你|您)的问题|帮到(?:你|您)|是否准确|准确|有误|有错误)了?(?:吗|么)?"
        r"[ \t]*\?(?:[ \t,]*(?:有帮助|没帮助|没有帮助|有用|没用|已解决|未解决|准确|不准确|有误|是|否|赞|踩|👍|👎|\d+|"
        r"(?:我要|点击|点此)?(?:反馈|纠错|报错))(?:\(\d+\))?)+[ \t]*$"
        # a rating of the page with its buttons: "您对本文满意吗? 满意 一般 不满意", "给文章打分: 1星 … 5星"
        r"|^[^。]{0,8}(?:本文|本篇|文章|这篇|此文|本页|内容|回答)[^。]{0,8}(?:满意|(?:评|打)(?:个|一下)?分|评价|怎么样)[^。]{0,4}"
        r"[?:][ \t]*(?:[^ \t。,?:]{1,4}[ \t]+){1,5}[^ \t。,?:]{1,4}$"
        # the widget over three lines: its prompt, its buttons, its submit button
        r"|^[^。]{0,6}(?:本文|本篇|文章|这篇|此文|本页|内容|回答)[^。]{0,4}(?:的)?(?:评价|评分|满意度|打分|怎么样)[ \t]*[:?]?$"
        rf"|^(?:{_RATING_BUTTON}[ \t|/]+){{1,4}}{_RATING_BUTTON}$"
        # a star rating: "★★★★★ 4.9分(716人已评)"
        r"|^[★☆]{3,5}[ \t]*(?:\d(?:\.\d)?分?)?[ \t]*(?:\(\d+人(?:已评|评价|评分|打分)\))?$"
        r"|^(?:提交|确认)(?:评分|评价|反馈)$"
        # a toolbar of actions on the page: "内容纠错 我要反馈", "收藏 | 打印 | 关闭窗口"
        r"|^(?:(?:我要|点击|点此)?(?:纠错|反馈|报错|举报|收藏|打印(?:本页)?|关闭(?:窗口|本页)?|内容纠错|意见反馈)[ \t|/·]*){2,}$",
        anchors="★ ☆ 没什么用 没啥用 有帮助 有用 有所帮助 没用 一般 还行 实用 提交 确认 满意度 解决 帮到 准确 有误 有错误 满意 评分 打分 评价 打个分 评个分 打一下分 评一下分 怎么样 纠错 反馈 报错 举报 收藏 打印 关闭",
        max_chars=40,
        matches=(
            "本文对你有帮助吗?有帮助 没帮助",
            "这篇内容有用吗? 👍 有用 👎 没用",
            "是否解决了您的问题? 是 否",
            "文章帮到你了吗?有帮助 12 没帮助 3",
            "本文信息是否准确? 准确 不准确,我要反馈",
            "内容有误? 点此纠错",
            "您对这篇回答满意吗? 很满意 还行 不满意",
            "给这篇文章评个分: 1分 2分 3分 4分 5分",
            "觉得本文怎么样? 赞 一般 踩",
            "我要纠错 意见反馈",
            "收藏 | 打印本页 | 关闭窗口",
            "这篇文章的评分:",
            "非常满意 一般 不满意",
            "提交评价",
            "你觉得本篇写得怎么样?",
            "很实用 没啥用",
            "这条回答有用吗?有用(12) 没用(3)",
            "★★★★☆ 4.2分(88人已评)",
        ),
        keeps=(
            "这个方法对你有帮助吗?不妨试一试。",
            "材料有误怎么办?可以到窗口更正。",
            "对办理结果不满意的,可以申请复核。",
            "收藏好回执单,领证时要出示。",
            "满意度评价:办事结束后可以在窗口的评价器上打分。",
        ),
    ),
    _rule(
        "consult-ad",
        # a call to action that links away: "点此免费咨询在线律师>>", "立即预约 →"
        r"^[^。]{0,10}(?:点此|点击|立即|马上|免费|在线|一键)(?:免费|在线|立即)?(?:咨询|提问|问|领取|预约|办理|查询|查看|下载|测评)"
        r"[^。]{0,16}(?:>>|»|→|>)[ \t]*$"
        # "…拿不准?点击这里,一对一在线答疑。": the site's paid answer service
        r"|(?:点击这里|点这里|点此|戳这里)[^。]{0,10}(?:咨询|答疑|提问|解答)|一对一(?:在线|免费)(?:咨询|答疑|解答)|(?:在线|免费)一对一(?:咨询|答疑|解答)"
        # a line the page itself labels as an advert: "【广告】…", "(推广)…", "广告:…"
        r"|^[\[【(]?[ \t]*(?:广告|推广|赞助|软文)(?:内容|信息|商家)?[ \t]*(?:[\]】)]|:)"
        # "…下载APP即送简历优化": an app promotion with its gift
        r"|下载[^,。]{0,8}(?:app|客户端)[^,。]{0,2}(?:即|就|可|立)(?:送|领|享|得|获)",
        anchors="点此 点击 立即 马上 免费 在线 一键 点这里 戳这里 一对一 广告 推广 赞助 软文 下载",
        max_chars=60,
        matches=(
            "有问题?点此免费咨询在线医生>>",
            "点击咨询专业律师 >>",
            "立即预约体检套餐→",
            "一键查询社保缴费记录 »",
            "公积金政策看不懂?点这里,律师一对一解答。",
            "办证遇到难题?戳这里免费提问",
            "【广告】驾校报名优惠,名额有限,欢迎咨询。",
            "(推广)专业代办营业执照,三天出证。",
            "广告:本地搬家公司,电话预约上门。",
            "租房找房就用安居宝,下载APP即领50元看房券。",
            "赞助内容:本地驾校暑期班报名,学费立减五百。",
        ),
        keeps=(
            "可以在线咨询12345热线,也可以到窗口办理。",
            "广告牌设置需要到城管部门审批。",
            "窗口工作人员会一对一指导填表。",
        ),
    ),
    _rule(
        "reader-prompt",
        # what the reader is asked to do next: comment, share, like, "在看"
        r"欢迎(?:大家|各位|你|您)?(?:在)?(?:评论区|留言区|下方|文末)(?:留言|评论|讨论|交流|分享|说说|聊聊)"
        r"|欢迎(?:大家)?(?:留言|评论)(?:讨论|交流|分享)?"
        r"|点(?:个|一下|一个)?[\"'“”]?(?:在看|再看|赞|小红心)[\"'“”]?"
        r"|(?:分享|转发|推荐|转)给(?:身边|更多|需要)[^,。]{0,4}的?(?:人|朋友|家人|亲友)"
        r"|(?:觉得|如果觉得|要是觉得)(?:有用|不错|有帮助|实用).{0,10}(?:点|分享|转发|收藏|关注)"
        # the site's own account only: "关注当地医保局公众号" is advice, not a prompt
        r"|关注(?:本站|我们|本号|本平台|[^,。]{1,8}网)(?:的)?(?:官方)?(?:微信)?(?:公众号|微信号|服务号|视频号|抖音号|头条号)"
        r"|回复.{0,8}(?:获取|领取|查看|下载)"
        # "关注“某某帮”,每天了解一条政策": the account's daily promise is its promotion
        r"|^关注[^,。]{1,12}[,]?[^。]{0,4}每天(?:了解|学|推送|分享|收看|一条)"
        # "扫描二维码,加入某某办事交流群": the site's own chat group, not a step of the answer
        r"|(?:扫描|扫一扫|扫码|长按)[^。]{0,10}(?:加入|进入|进)[^,。]{0,10}(?:交流群|微信群|读者群|粉丝群|qq群|社群)"
        r"|(?:发现|如有|若有|如果有)(?:内容|文章|信息|文中)?.{0,4}(?:有误|错误|错漏|不准确).{0,16}(?:反馈|纠错|指正|告知)",
        anchors="欢迎 点个 点一下 点一个 在看 再看 点赞 分享给 转发给 推荐给 转给 觉得 公众号 微信号 服务号 视频号 抖音号 头条号 回复 有误 错误 错漏 不准确 扫描 扫一扫 扫码 长按 每天",
        scope=SENTENCE,
        matches=(
            "你身边有人办过吗?欢迎在评论区分享经验。",
            '觉得有用就点个"在看"吧!',
            "喜欢就分享给身边的人吧。",
            "有不同看法欢迎留言讨论。",
            "收藏起来,顺手转给身边有需要的亲友。",
            "要是觉得实用,记得转发收藏哦。",
            "想了解更多,可以关注本站微信公众号。",
            '后台回复"公积金"即可领取办事清单。',
            "如发现文章信息有误,请点击页面下方的纠错按钮反馈给我们。",
            "长按识别下方二维码,进本地车友交流群。",
            "扫码加入我们的租房互助微信群,房源信息每天更新。",
            "关注“缴费小助手”,每天学一个生活小技巧",
        ),
        keeps=(
            "欢迎到政务服务中心一楼窗口咨询。",
            "觉得材料不全的,可以先电话问一下。",
            '关注"国家政务服务平台"小程序也可以办理。',
            "如发现信息有误,可以到社保窗口申请更正。",
            "打开支付宝扫一扫,扫描电表箱上的二维码即可进入缴费页面。",
        ),
    ),
    _rule(
        "editor-filler",
        r"小编|"
        r"今天(?:我们)?(?:就)?(?:来|一起)?(?:详细)?(?:看看|了解|聊聊|说说|介绍)(?:一下)?"
        r"|(?:一起|快|赶紧)来(?:看看|了解)(?:一下|吧)|一起来看看[^,。!?]{0,4}(?:[。!]|$)"
        r"|(?:为|给)(?:大家|您|你)(?:带来|整理)了?.{0,30}(?:解读|介绍|内容|攻略|指南|干货)|建议(?:大家|先)?收藏|内容来了"
        r"|(?:赶紧|赶快|先|快)码住"
        # the hook under an opening question: "…看完这篇就明白了", "一文读懂"
        r"|(?:看完|读完)(?:这篇|本文|这一篇|下面的?)(?:文章|内容|介绍)?(?:你|您)?(?:就|就会|就能|便)?(?:明白|懂|知道|清楚)了?"
        r"|一文(?:看懂|读懂|说清|讲清|搞懂)"
        r"|今天(?:我们)?就?把[^,。]{0,16}(?:讲清楚|说清楚|讲明白|说明白|讲清|说清)"
        r"|本期[^。]{0,10}(?:来|一起)(?:聊聊|说说|讲讲|看看)"
        # "…今天就用一篇文章帮大家理清楚", "别急,答案都在下面", "今天统一回复一下"
        r"|(?:帮|给|为)(?:大家|您|你)(?:理|捋|讲|说)(?:清楚|明白|一遍)|答案(?:都|就)在(?:下面|下文|文中)"
        r"|(?:统一|集中|一并)(?:回复|解答|答复)一下"
        r"|(?:获取|解锁)更多[^,。]{0,8}(?:攻略|干货|资讯|办事指南)"
        r"|希望(?:以上|本文|这篇|上述|我们的)(?:的)?(?:内容|文章|回答|介绍|信息)?(?:能|可以|会|能够)?(?:对|给|为|帮).{0,12}(?:帮助|参考|有用)"
        r"|^以上(?:就是|便是|是|为)(?:关于|有关)?.{0,40}(?:的)?(?:全部|相关|具体|详细)?(?:内容|介绍|解答|信息|分享)(?:了)?(?:,|。|!|$)"
        r"|(?:感谢|谢谢)(?:您|你|大家)?(?:的)?(?:阅读|观看|耐心阅读)"
        # "今天就说到这里": searched from 到/完, rarer than the verbs before them
        r"|" + _preceded("到", ("说", "聊", "讲", "写", "介绍", "分享", "整理")) + "(?:这里|这儿)"
        r"|" + _preceded("完", ("说", "聊", "讲", "写", "介绍", "分享")) + "(?:这里|这儿)"
        r"|(?:收藏|关注|转发|点赞)(?:本站|本文|起来|一下|我们)|(?:持续|继续|多多)关注(?:本站|我们)?"
        r"|相信(?:大家|你|您)(?:已经|都)?(?:心里有数|有了(?:答案|了解)|明白了|清楚了)"
        r"|点击.{0,8}(?:收藏|关注|点赞|分享)"
        r"|更多.{0,6}(?:内容|资讯|信息|知识|指南|攻略|干货).{0,10}(?:请|敬请|欢迎)?(?:关注|访问|点击|收藏|下载)本?"
        # the opening promise of the article itself: "…下面这篇就来详细说说。"
        # ("本文将为你介绍一种更便捷的查询方式" on a seed page is the answer's own lead: kept)
        r"|(?:本文|这篇|下面这篇|下文)(?:文章)?就?来(?:详细|具体)?(?:说说|聊聊|讲讲)",
        anchors="小编 今天 来看看 来了解 希望 以上 感谢 谢谢 这里 这儿 收藏 关注 转发 点赞 相信 点击 更多 带来 整理 来了 码住 看完 读完 一文 获取更多 解锁更多 本文 这篇 下文 本期 理清楚 捋清楚 讲清楚 说清楚 理明白 讲明白 说明白 讲一遍 说一遍 答案 回复一下 解答一下 答复一下",
        scope=SENTENCE,
        matches=(
            "下面就跟随小编一起来了解一下吧。",
            "今天我们就来详细看看吧。",
            "小编为您整理了以下内容。",
            "以上就是关于益阳医保卡余额查询的相关内容,希望对您有所帮助。",
            "感谢您的阅读!",
            "更多社保资讯请关注本站。",
            "希望本文对你有帮助。",
            "好了,关于这个问题今天就说到这里,更多办事攻略请持续关注本站。",
            "看完这篇文章,相信大家已经心里有数了,赶紧收藏起来吧。",
            "点击右上角「收藏」,下次查找不迷路。",
            "本期为大家带来公积金提取的全面解读,一起来看看。",
            "开车的朋友注意了!换证的相关内容来了,建议收藏。",
            "今天给大家整理了一份宽带报装攻略,需要的赶紧码住。",
            "社保转移到底怎么弄?不少人都犯迷糊,读完本文你就清楚了。",
            "一文读懂ETC注销流程。",
            "想获取更多本地缴费干货,记得常来逛逛。",
            "燃气开户的内容就整理到这儿,出门前别忘了带齐材料。",
            "更多缴费指南,请下载本站客户端。",
            "不少人第一次交水费都犯难,本文就来详细说说。",
            "总有人问电费怎么交,今天就把线上线下的办法一次说清楚。",
            "本期生活小课堂,我们一起聊聊燃气安全。",
            "关于社保转移,说法很多,这里一次帮你捋清楚。",
            "很多读者问公积金能不能异地用,答案就在下面。",
            "评论区好多人问到补贴发放时间,今天集中解答一下。",
        ),
        keeps=(
            "在手机上怎么查?",
            "以上材料缺一不可,请提前准备。",
            "可以关注当地医保局公众号查询余额。",
            "办理完成后记得收藏好回执单。",
            "读完说明书就知道电表怎么看了。",
            "本文将为你介绍一种更便捷的查询方式,让你轻松掌握医保账户情况。",
        ),
    ),
    _rule(
        "transition",
        _preceded("完", ("说", "讲", "看", "聊", "介绍", "了解"))
        + r"了?(?:这[一个]?(?:点|个问题|部分|个)|上面的?(?:内容|问题)|以上(?:内容|问题)|[^,。\n]{0,12})"
        r"[,]?(?:我们)?(?:接下来|下面|然后|再来)(?:我们)?(?:再)?(?:来)?(?:看看|说说|了解|聊聊|讲讲|介绍)"
        r"|^(?:接下来|下面|然后|那么)?(?:我们)?再?(?:来)?(?:看看|说说|了解一下|聊聊|讲讲)(?:另(?:一|外)(?:一)?个|下一个|其他|其它)(?:相关)?(?:问题|话题)"
        # a short sentence that only points at what comes next: "…再往下看。", "顺带再聊聊另一个…问题。"
        r"|^[^,。!?\n]{0,14}[,]?[^,。!?\n]{0,8}(?:往下看|往下说)[^\w\n]*$"
        r"|" + _POINTING + r"[^\w\n]*$"
        r"|^[^。!?\n]{0,16}(?:另一个|另外一个|下一个|下面这个|下面几个|其他几个)[^。!?\n]{0,12}(?:问题|话题)[^。!?\n]{0,8}[。!]?$"
        # "还有一个问题也经常被问到", "再来看一个容易被忽略的问题", "再补充一个相关的知识点", "问题又来了"
        r"|(?:还有|另有)(?:一个|几个)(?:问题|话题)(?:也|同样)?(?:经常|常常|很多人)?(?:被问到|被问|关心|在问)"
        r"|(?:再来看|再看|接着看|再说)(?:一个|几个|一下)[^,。\n]{0,10}(?:问题|知识点|话题|细节)"
        r"|(?:再|来)(?:给(?:大家|您|你))?补充(?:一个|几个|一点|一下)[^,。\n]{0,10}(?:知识点|问题|内容|信息)"
        r"|问题(?:又|就)来了",
        anchors="说完 讲完 看完 聊完 介绍完 了解完 问题 话题 往下 知识点 细节 补充",
        scope=SENTENCE,
        matches=(
            "说完了这一点,接下来再看看另一个问题。",
            "了解完医保卡余额查询,下面再来说说报销。",
            "接下来再看看另一个问题。",
            "搞清楚了这一点,下面再往下看。",
            "顺带再聊聊另一个常被问到的问题。",
            "除此之外,下面这个问题同样值得关注。",
            "看完上面的介绍,接着说说另一个大家关心的话题。",
            "接着往下看 ↓",
            "顺带一提,很多人还会关心以下问题。",
            "另外,还有几个问题也常常被问到。",
            "接着看一个新手常踩坑的细节。",
            "这里再补充一点相关信息。",
            "那么问题就来了,",
            "最后再给大家补充一个郑州车主常问的问题。",
        ),
        keeps=(
            "接下来按照页面提示填写个人信息,提交即可。",
            "然后再看看账户明细里的缴费记录。",
            "遇到其他问题可以拨打12333咨询。",
            "下一个步骤是上传材料。",
            "另外,材料不全的问题可以到窗口咨询。",
            "补充材料后重新提交即可。",
        ),
    ),
)

# Headings of a related-content block (相关推荐, 猜你喜欢, …), as a regex alternation for the
# matching view: clean cuts the teaser list under one, extraction the block it heads.
RELATED_HEADINGS_ZH = (
    r"相关(?:推荐|阅读|链接|文章|新闻|资讯|内容|问题)|猜你喜欢|热门(?:推荐|文章|资讯|新闻|阅读|标签)?|"
    r"推荐阅读|延伸阅读|更多(?:阅读|推荐|相关)|最新(?:文章|资讯)|热点推荐|大家都在看|你可能(?:还)?(?:想看|喜欢)|"
    r"往期(?:推荐|回顾)"
)

BY_NAME = {rule.name: rule for rule in CATALOGUE}
LINE_RULES = tuple(rule for rule in CATALOGUE if rule.scope == LINE)
SENTENCE_RULES = tuple(rule for rule in CATALOGUE if rule.scope == SENTENCE)

_ANCHORS = sorted({anchor for rule in CATALOGUE for anchor in rule.anchors}, key=len, reverse=True)


def _is_word(anchor: str) -> bool:
    return anchor.isalpha() and all(ord(char) < 0x250 for char in anchor)


# Anchors in Latin letters ("copyright", "share") are looked up one by one with ``in``: a regex
# whose alternatives start with common letters tries them at every position of an English
# paragraph (measured 23 us against 4 us for a 200-character line, bench/extract_bench.py aeb).
# The rest (CJK, symbols) are one regex scan, which skips Latin text at C speed.
WORD_ANCHORS = tuple(anchor for anchor in _ANCHORS if _is_word(anchor))
# Longest first, without overlaps (a zero-width scan of every position costs ten times more):
# a hit also stands for every shorter anchor it contains ("责任编辑" holds "编辑"), and STRADDLES
# lists the anchors that may start inside a hit and run past its end ("以上" + "上一篇").
ANCHOR_SCAN = re.compile("|".join(re.escape(anchor) for anchor in _ANCHORS if not _is_word(anchor)))
# A line longer than any line rule looks at can only hold sentence-rule matches: it is scanned for
# their anchors alone (all CJK), which skips Latin text at C speed.
LINE_RULE_CHARS = max(rule.max_chars for rule in LINE_RULES)
SENTENCE_SCAN = re.compile(
    "|".join(
        map(re.escape, sorted({anchor for rule in SENTENCE_RULES for anchor in rule.anchors}, key=len, reverse=True))
    )
)
STRADDLES: dict[str, tuple[tuple[str, int], ...]] = {
    hit: tuple(
        (other, k)
        for other in _ANCHORS
        for k in range(1, min(len(hit), len(other)))
        if other not in hit and hit.endswith(other[:k])
    )
    for hit in _ANCHORS
}
RULES_BY_ANCHOR: dict[str, frozenset[str]] = {
    hit: frozenset(rule.name for rule in CATALOGUE if any(anchor in hit for anchor in rule.anchors)) for hit in _ANCHORS
}
