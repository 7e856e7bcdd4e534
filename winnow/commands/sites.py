"""``winnow sites``: list the configured sites and where each comes from; ``sites init URL``
proposes a site file (``winnow.commands.sites_init``)."""

from __future__ import annotations

import argparse

from winnow.commands.common import EXIT_OK, UsageError, check_start_url


def sites(args: argparse.Namespace) -> int:
    """List every site with the file it comes from (and files it shadows), or ``init URL``."""
    action = list(getattr(args, "action", []) or [])
    if action:
        if action[0] != "init" or len(action) != 2:
            raise UsageError("usage: winnow sites [init URL]")
        from winnow.commands.sites_init import init_site

        return init_site(check_start_url(action[1]), args)
    from crawler.sites import load_site_file, site_sources, sites_dirs

    print("# searched, in order: " + ", ".join(str(d) for d in sites_dirs()))
    for name, paths in sorted(site_sources().items()):
        try:
            config = load_site_file(paths[0], name=name)
            starts = ", ".join(config.start_urls) or "(start URL given at run time)"
        except ValueError as exc:
            starts = f"(unusable: {exc})"
        shadowed = "".join(f" (shadows {p})" for p in paths[1:])
        print(f"{name}\t{starts}\t{paths[0]}{shadowed}")
    return EXIT_OK
