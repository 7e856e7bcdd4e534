"""What every command that runs a job shares: its database, its run record, its lock, its
health check and its summary line."""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from storage.db import database_url, open_db
from storage.repository import finish_run, start_run, table_counts
from winnow.commands.common import EXIT_FAILED, EXIT_LOCKED, EXIT_OK
from winnow.lock import AlreadyRunning, run_lock

log = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace], int]


def open_sessions(args: argparse.Namespace) -> sessionmaker[Session]:
    """Sessions on ``--db`` (else WINNOW_DB, else SQLite here), schema upgraded;
    ``storage.db.DatabaseUnavailable`` when it cannot be reached."""
    return open_db(database_url(args.db))


def summary(sessions: sessionmaker[Session], extra: Mapping[str, Any] | None = None) -> str:
    """``documents: N, ok: N, …`` of the whole store, after ``extra``'s figures."""
    with sessions() as session:
        counts = table_counts(session)
    parts = {
        "documents": counts["documents"],
        "ok": counts["documents_ok"],
        "errors": counts["documents_error"],
        "skipped": counts["documents_skipped"],
        "sections": counts["sections"],
        "clusters": counts["clusters"],
        "templates (clusters with 2+ members)": counts["multi_member_clusters"],
    }
    parts = {**(extra or {}), **parts}
    return ", ".join(f"{k}: {v}" for k, v in parts.items())


def begin_run(sessions: sessionmaker[Session], kind: str, site: str = "") -> int:
    """Open a run record (status ``running``); returns its id."""
    with sessions.begin() as session:
        return start_run(session, kind, site)


def end_run(sessions: sessionmaker[Session], run_id: int, counts: Mapping[str, Any], ok: bool = True) -> None:
    """Close the run record with its counts, ``finished`` or ``failed``."""
    with sessions.begin() as session:
        finish_run(session, run_id, counts, "finished" if ok else "failed")


def locked(what: Callable[[argparse.Namespace], str]) -> Callable[[Command], Command]:
    """Run the command holding the (database, site) lock named by ``what(args)``; exit 75 at
    once if another run has it."""

    def wrap(command: Command) -> Command:
        @functools.wraps(command)
        def run_locked(args: argparse.Namespace) -> int:
            try:
                with run_lock(database_url(args.db), what(args)):
                    return command(args)
            except AlreadyRunning as exc:
                print(f"winnow: {exc}", file=sys.stderr)
                return EXIT_LOCKED

        return run_locked

    return wrap


def check_health(sessions: sessionmaker[Session], run_id: int, args: argparse.Namespace, code: int) -> int:
    """Record the run's health figures (winnow.health); print the drift line if they moved, and
    fail the command on it with --fail-on-drift. Returns the command's exit code."""
    from winnow.health import assess_run

    try:
        assessment = assess_run(sessions, run_id)
    except Exception as exc:  # the run itself is done and stored: say so, don't fail it
        log.warning("run health not recorded for run %s", run_id, exc_info=True)
        print(f"winnow: run health not recorded: {type(exc).__name__}: {exc}", file=sys.stderr)
        return code
    if assessment.drift:
        print(f"winnow: {assessment.drift}", file=sys.stderr)
        if getattr(args, "fail_on_drift", False) and code == EXIT_OK:
            return EXIT_FAILED
    return code
