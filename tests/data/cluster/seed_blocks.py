"""Hand split of the five seed pages into question/answer blocks (used by tests and benches).

Each block is (key, seed file prefix, heading line, first line after the block). Lead-ins,
"related article" lists and site footers are left out, as the cleaner/segmenter would.
The label says which template a block belongs to (None: its own).
"""

from __future__ import annotations

from pathlib import Path

SEED_DIR = Path(__file__).parent / "seeds"

BLOCKS = (
    ("000-0", "000", "益阳怎么查医保卡余额?", "益阳医保卡里的钱家人也能用?", "balance"),
    ("000-1", "000", "益阳医保卡里的钱家人也能用?", "益阳医保卡里的钱怎么刷出来用?", "family"),
    ("000-2", "000", "益阳医保卡里的钱怎么刷出来用?", "医保缴费", None),
    ("001-0", "001", "一、嘉兴医保卡余额查询的几种方法?", "二、嘉兴医保怎么报销?", "balance"),
    ("001-1", "001", "二、嘉兴医保怎么报销?", "社保网声明:资讯来源于网络,属作者个人观点,仅供参考。投诉", None),
    (
        "002-0",
        "002",
        "新疆乌鲁木齐医保卡里的钱可以给家人用吗?",
        "新疆乌鲁木齐你的医保卡余额怎么查?这些方法让你一目了然!",
        "family",
    ),
    (
        "002-1",
        "002",
        "新疆乌鲁木齐你的医保卡余额怎么查?这些方法让你一目了然!",
        "社保网声明:资讯来源于网络,属作者个人观点,仅供参考。投诉",
        "balance",
    ),
    ("003-0", "003", "医保个人账户余额怎么查看", "相关推荐", None),
    ("004-0", "004", "一、医保卡余额查询怎么查明细", "二、医保卡余额如何使用", None),
    ("004-1", "004", "二、医保卡余额如何使用", "三、医保卡余额是个人缴费部分吗", None),
    ("004-2", "004", "三、医保卡余额是个人缴费部分吗", "关键词: 定点医院 主要负责 交易记录", None),
)


def seed_lines(prefix: str) -> list[str]:
    path = next(SEED_DIR.glob(f"{prefix}_*.txt"))
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def split_block(prefix: str, heading: str, stop: str) -> tuple[str, str]:
    """(heading, text) of the block that starts at ``heading`` and ends before ``stop``."""
    lines = seed_lines(prefix)
    start = lines.index(heading)
    end = lines.index(stop, start + 1)
    return heading, "\n".join(lines[start + 1 : end])


def seed_blocks() -> list[dict]:
    """[{key, url, heading, text, label}] for every hand-split seed block."""
    out = []
    for key, prefix, heading, stop, label in BLOCKS:
        head, text = split_block(prefix, heading, stop)
        out.append({"key": key, "url": f"seed://{prefix}", "heading": head, "text": text, "label": label})
    return out


HARD_NEGATIVES = Path(__file__).parent / "hard_negatives.txt"
VARIANT_CITIES = ("湖南长沙", "石家庄", "广东东莞", "宁夏银川", "青岛", "西藏山南")
LOCAL_EXTRAS = (
    "{city}参保人也可拨打当地12345政务服务便民热线咨询。",
    "在{city}还可以通过本地政务APP“随申办”或“粤省事”办理。",
    "{city}医保局提醒:窗口办理时间为工作日上午9点至下午5点。",
)


def hard_negatives() -> list[dict]:
    """The hand-written same-topic, different-wording blocks (each its own template)."""
    out, current = [], None
    for line in HARD_NEGATIVES.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            key, heading = (part.strip() for part in line[3:].split("|", 1))
            current = {"key": key, "url": f"neg://{key}", "heading": heading, "lines": [], "label": None}
            out.append(current)
        elif current is not None and line.strip() and not line.startswith("#"):
            current["lines"].append(line.strip())
    return [{**{k: v for k, v in b.items() if k != "lines"}, "text": "\n".join(b["lines"])} for b in out]


def _variant(block: dict, number: int, city: str, rng) -> dict:
    """A per-city copy with edits: city swap, one paragraph dropped, two swapped, one local extra."""
    from pipeline.normalise import mask_places

    lines = block["text"].split("\n")
    if len(lines) > 6:
        del lines[rng.randrange(1, len(lines) - 1)]
        i = rng.randrange(1, len(lines) - 2)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    lines.insert(rng.randrange(1, len(lines)), LOCAL_EXTRAS[number % len(LOCAL_EXTRAS)])
    text = mask_places("\n".join(lines))[0].replace("{city}", city)
    heading = mask_places(block["heading"])[0].replace("{city}", city)
    key = f"{block['key']}-v{number}"
    return {"key": key, "url": f"variant://{key}", "heading": heading, "text": text, "label": block["label"]}


def edited_variants(per_block: int = 3, seed: int = 11) -> list[dict]:
    """Edited per-city copies of every templated seed block (positives for recall)."""
    import random

    rng = random.Random(seed)
    out = []
    for block in seed_blocks():
        if block["label"] is None:
            continue
        for n in range(per_block):
            out.append(_variant(block, n, VARIANT_CITIES[(n + len(out)) % len(VARIANT_CITIES)], rng))
    return out


# The demo site (winnow/demo/seeds.py) builds its templates from the same seed blocks; in a corpus
# that mixes both, each seed block must carry the demo's template id.
DEMO_TEMPLATE = {
    "000-0": "balance",
    "001-0": "balance",
    "002-1": "balance",
    "000-1": "family",
    "002-0": "family",
    "000-2": "withdraw",
    "001-1": "reimburse",
    "003-0": "balance_alt",
    "004-0": "detail_query",
    "004-1": "card_usage",
    "004-2": "selfpay_part",
}


def demo_labelled(blocks: list[dict]) -> list[dict]:
    """Seed blocks / edited variants relabelled with the demo template ids (variants follow their block)."""
    return [{**b, "label": DEMO_TEMPLATE.get(b["key"][:5], b["label"])} for b in blocks]


def labelled_corpus() -> list[dict]:
    """Seed blocks + edited variants + hard negatives; label None means a template of its own."""
    return seed_blocks() + edited_variants() + hard_negatives()
