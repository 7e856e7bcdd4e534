"""Bundled offline demo: a generated content-farm site with gold labels, and a tiny server.

Exports are lazy so ``python -m winnow.demo.site`` does not import the module twice
(runpy warns when a package ``__init__`` has already imported the ``-m`` target).
"""

from __future__ import annotations

from typing import Any

__all__ = ["DemoServer", "build_site", "serve"]


def __getattr__(name: str) -> Any:
    if name == "build_site":
        from winnow.demo.site import build_site

        return build_site
    if name in ("serve", "DemoServer"):
        from winnow.demo import server

        return getattr(server, name)
    raise AttributeError(name)
