"""``winnow runs``: crawl, ingest and reprocess runs with their counts and health, newest first."""

from __future__ import annotations

import argparse

from storage.repository import recent_runs
from winnow.commands.common import EXIT_OK
from winnow.commands.job import open_sessions

COLUMNS = (
    "id",
    "kind",
    "site",
    "status",
    "started",
    "seconds",
    "fetched",
    "new",
    "changed",
    "unchanged",
    "errors",
    "near_empty",
    "removed",
    "sections_per_page",
    "joined",
    "soft_errors",
    "dropped",
    "drift",
)


def runs(args: argparse.Namespace) -> int:
    sessions = open_sessions(args)
    with sessions() as session:
        rows = recent_runs(session, args.limit)
    print("\t".join(COLUMNS))
    for run in rows:
        print("\t".join(str(v) for v in run))
    return EXIT_OK
