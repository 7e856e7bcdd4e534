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
    ("002-0", "002", "新疆乌鲁木齐医保卡里的钱可以给家人用吗?", "新疆乌鲁木齐你的医保卡余额怎么查?这些方法让你一目了然!", "family"),
    ("002-1", "002", "新疆乌鲁木齐你的医保卡余额怎么查?这些方法让你一目了然!", "社保网声明:资讯来源于网络,属作者个人观点,仅供参考。投诉", "balance"),
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
