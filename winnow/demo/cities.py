"""Cities the demo site templates articles over, and the local details added per city."""

from __future__ import annotations

from dataclasses import dataclass

# (province short name, prefecture-level cities). Municipalities are listed as their own province.
_TABLE = (
    ("北京", "北京"),
    ("上海", "上海"),
    ("天津", "天津"),
    ("重庆", "重庆"),
    ("广东", "广州 深圳 东莞 佛山 珠海 汕头 惠州"),
    ("浙江", "杭州 宁波 温州 嘉兴 绍兴 金华 台州 湖州"),
    ("江苏", "南京 苏州 无锡 常州 南通 徐州 扬州"),
    ("山东", "济南 青岛 烟台 潍坊 东营 泰安 临沂"),
    ("湖南", "长沙 益阳 株洲 岳阳 常德"),
    ("湖北", "武汉 宜昌 襄阳 荆门"),
    ("四川", "成都 绵阳 广安 广元"),
    ("河北", "石家庄 保定 承德 衡水 唐山"),
    ("山西", "太原 阳泉 大同"),
    ("河南", "郑州 洛阳 开封"),
    ("安徽", "合肥 芜湖"),
    ("福建", "福州 厦门 泉州"),
    ("江西", "南昌 赣州"),
    ("辽宁", "沈阳 大连 铁岭"),
    ("吉林", "长春"),
    ("黑龙江", "哈尔滨 牡丹江"),
    ("陕西", "西安 宝鸡"),
    ("甘肃", "兰州"),
    ("宁夏", "银川"),
    ("新疆", "乌鲁木齐"),
    ("西藏", "拉萨 山南"),
    ("云南", "昆明 丽江"),
    ("贵州", "贵阳"),
    ("广西", "南宁 桂林"),
    ("海南", "海口"),
    ("内蒙古", "呼和浩特"),
)
MUNICIPALITIES = frozenset({"北京", "上海", "天津", "重庆"})

# Provincial government-service apps, used for "local app" sentences.
PROVINCE_APPS = {
    "上海": "随申办",
    "广东": "粤省事",
    "浙江": "浙里办",
    "江苏": "苏服办",
    "山东": "爱山东",
    "安徽": "皖事通",
    "福建": "闽政通",
    "湖北": "鄂汇办",
    "四川": "天府通办",
    "重庆": "渝快办",
    "河南": "豫事办",
    "江西": "赣服通",
    "内蒙古": "蒙速办",
    "北京": "京通",
    "天津": "津心办",
    "河北": "冀时办",
    "甘肃": "甘快办",
}

# Sentences with characters that are in GBK but not in GB2312 (镕 喆 堃 珺 昇): they make a
# page that declares gb2312 undecodable as strict gb2312.
GBK_ONLY_SENTENCES = (
    "{city}医保服务中心工作人员张喆提醒:办理业务时请携带本人社保卡。",
    "据{city}医保局经办窗口负责人李堃介绍,自助终端机已覆盖全部街道便民服务点。",
    "{city}参保人陈珺表示,通过手机查询医保个人账户余额只需几分钟。",
    "{city}昇平路医保服务大厅周六上午照常办理医保业务。",
    "{city}医保中心副主任王镕提醒,切勿将医保卡出借他人使用。",
)
GBK_ONLY_CHARS = "镕喆堃珺昇"

_HOTLINE_SENTENCES = (
    "{city}参保人也可拨打12345政务服务便民热线咨询医保个人账户相关问题。",
    "{city}医保局提醒:各定点医院均设有医保服务窗口,可现场咨询办理。",
    "{city}本地医保服务热线为12393,工作日8:30-17:30有人工坐席接听。",
)
_APP_SENTENCE = "{city}参保人也可以通过“{app}”APP查询医保个人账户余额及缴费明细。"


@dataclass(frozen=True)
class City:
    name: str  # canonical short name, e.g. "乌鲁木齐"
    province: str  # short province name, e.g. "新疆"

    def display(self, style: str) -> str:
        """How an article writes the place: "plain" 东莞, "province" 广东东莞, "shi" 东莞市."""
        if style == "province" and self.name not in MUNICIPALITIES:
            return self.province + self.name
        if style == "shi":
            return self.name + "市"
        return self.name

    def local_sentences(self, display: str) -> list[str]:
        """Candidate per-city additions (plain GB2312 text)."""
        out = [s.format(city=display) for s in _HOTLINE_SENTENCES]
        app = PROVINCE_APPS.get(self.province)
        if app:
            out.append(_APP_SENTENCE.format(city=display, app=app))
        return out


CITIES: tuple[City, ...] = tuple(City(name, province) for province, names in _TABLE for name in names.split())
