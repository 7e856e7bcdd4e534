"""Plot helpers shared by the analyst notebooks: Chinese labels without tofu boxes, and an
optional PNG copy of every figure (env ``WINNOW_FIGURES``)."""

from __future__ import annotations

import os

import matplotlib.pyplot as plt
from matplotlib import font_manager

CJK_FONTS = [
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Heiti SC",
]
_FONT_FILES = ("NotoSansCJK", "NotoSerifCJK", "wqy", "SourceHan", "msyh", "PingFang")


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: the first installed CJK font, by name (see deploy/install-fonts.sh)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    if not names & set(CJK_FONTS):  # installed after matplotlib cached its font list
        for path in font_manager.findSystemFonts():
            if any(k in path for k in _FONT_FILES):
                font_manager.fontManager.addfont(path)
        names = {f.name for f in font_manager.fontManager.ttflist}
    found = [f for f in CJK_FONTS if f in names]
    if not found:
        print("No CJK font found: run deploy/install-fonts.sh, or Chinese labels will be boxes.")
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = found + list(plt.rcParams["font.sans-serif"])
    plt.rcParams["axes.unicode_minus"] = False
    return found[0] if found else None


def show(fig: plt.Figure, name: str) -> None:
    """Display a figure; with ``WINNOW_FIGURES=DIR`` also save it there as ``name.png``."""
    fig.tight_layout()
    figures = os.environ.get("WINNOW_FIGURES")
    if figures:
        os.makedirs(figures, exist_ok=True)
        fig.savefig(os.path.join(figures, f"{name}.png"), dpi=110)
    plt.show()
