"""Cities of the farm: subdomain, short name, province, provincial capital, local app, area code."""

CITIES = [
    # sub, name, province, capital, app, area code
    ("sz", "苏州", "江苏", "南京", "苏周到", "0512"),
    ("wx", "无锡", "江苏", "南京", "灵锡", "0510"),
    ("cz", "常州", "江苏", "南京", "我的常州", "0519"),
    ("hz", "杭州", "浙江", "杭州", "杭州城市大脑", "0571"),
    ("nb", "宁波", "浙江", "杭州", "甬上办", "0574"),
    ("wz", "温州", "浙江", "杭州", "温州掌上办", "0577"),
    ("hf", "合肥", "安徽", "合肥", "合肥通", "0551"),
    ("wuhu", "芜湖", "安徽", "合肥", "江城办", "0553"),
    ("qd", "青岛", "山东", "济南", "青e办", "0532"),
    ("yt", "烟台", "山东", "济南", "烟台一手通", "0535"),
    ("zz", "郑州", "河南", "郑州", "郑好办", "0371"),
    ("ly", "洛阳", "河南", "郑州", "洛快办", "0379"),
    ("cs", "长沙", "湖南", "长沙", "我的长沙", "0731"),
    ("zhuzhou", "株洲", "湖南", "长沙", "株洲通", "0731"),
    ("xm", "厦门", "福建", "福州", "i厦门", "0592"),
    ("qz", "泉州", "福建", "福州", "泉州通", "0595"),
    ("ganzhou", "赣州", "江西", "南昌", "赣服通", "0797"),
]

# every prefecture short name that can appear in main text (cities + provincial capitals)
ALL_CITY_NAMES = sorted({c[1] for c in CITIES} | {c[3] for c in CITIES})


def city_vars(city):
    """Placeholder values for one city tuple (deterministic from the tuple)."""
    sub, name, prov, cap, app, code = city
    h = sum(ord(ch) for ch in name)
    return {
        "city": name,
        "prov": prov,
        "cap": cap,
        "app": app,
        "gjj": f"{name}市住房公积金管理中心",
        "gjjs": f"{name}公积金中心",
        "cgs": f"{name}市公安局交警支队车辆管理所",
        "cgss": f"{name}车管所",
        "crj": f"{name}市公安局出入境管理支队",
        "crjs": f"{name}出入境窗口",
        "bdc": f"{name}市不动产登记中心",
        "bdcs": f"{name}不动产登记大厅",
        "pcs": "户籍所在地派出所",
        "zwzx": f"{name}市民中心",
        "tel": f"{code}-{6100 + h % 800}{1000 + (h * 7) % 9000}",
        "days": str(3 + h % 5),
        "days2": str(10 + h % 11),
        "fee": str(60 + (h % 5) * 10),
        "fee3": str(160 + (h % 5) * 30),
        "pct": str(5 + h % 8),
        "cap_amt": str(60 + (h % 7) * 5),
        "room": str(1 + h % 4),
    }
