"""``winnow ingest PATH ...``: process local .html/.htm/.txt/.warc(.gz) files or directories."""

from __future__ import annotations

import argparse
from pathlib import Path

from winnow import files
from winnow.commands.common import EXIT_OK, UsageError
from winnow.commands.job import begin_run, check_health, end_run, locked, open_sessions, summary
from winnow.lock import scope
from winnow.progress import Progress
from winnow.service.batches import BatchWriter, process_pool, stage_seconds, store_all
from winnow.service.corpus import recluster


@locked(lambda args: scope(job="ingest"))
def ingest(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or directory: {path}")
    sessions = open_sessions(args)
    run_id = begin_run(sessions, "ingest")
    writer = BatchWriter(sessions, run_id)
    with process_pool(args.jobs) as pool, Progress("ingest", unit="files") as progress:
        store_all(writer, progress.track(files.read_inputs(paths)), pool)
    counts = recluster(sessions)
    end_run(sessions, run_id, dict(writer.counts) | stage_seconds(writer.seconds) | counts)
    print(f"ingest finished: files read: {writer.counts['stored']}, " + summary(sessions))
    return check_health(sessions, run_id, args, EXIT_OK)
