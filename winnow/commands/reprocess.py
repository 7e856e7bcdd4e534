"""``winnow reprocess``: rebuild documents, sections, clusters from the stored raw pages."""

from __future__ import annotations

import argparse

from winnow.commands.common import EXIT_OK
from winnow.commands.job import begin_run, check_health, end_run, locked, open_sessions, summary
from winnow.lock import scope
from winnow.progress import Progress
from winnow.service.batches import process_pool
from winnow.service.corpus import reprocess_all


@locked(lambda args: scope(job="reprocess"))
def reprocess(args: argparse.Namespace) -> int:
    sessions = open_sessions(args)
    run_id = begin_run(sessions, "reprocess")
    with process_pool(args.jobs) as pool, Progress("reprocess", unit="pages") as progress:
        counts = reprocess_all(sessions, on_page=progress.advance, pool=pool)
    end_run(sessions, run_id, counts)
    print(f"reprocess finished: pages: {counts.get('stored', 0)}, " + summary(sessions))
    return check_health(sessions, run_id, args, EXIT_OK)
