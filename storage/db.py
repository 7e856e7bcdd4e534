"""Engines, sessions and schema upgrades. Connection problems become ``DatabaseUnavailable``."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///winnow.db"
MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(Exception):
    """The database URL is malformed or the server cannot be reached."""


def database_url(explicit: str | None = None) -> str:
    """``--db`` if given, else env ``WINNOW_DB``, else SQLite in the current directory."""
    return explicit or os.environ.get("WINNOW_DB") or DEFAULT_URL


def safe_url(url: str) -> str:
    """The URL with any password masked, for logs and error messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    # WAL lets notebooks read while a crawl writes; busy_timeout rides out short write locks.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            _ensure_sqlite_dir(parsed.database)
            engine = create_engine(parsed, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise DatabaseUnavailable(f"invalid database URL {safe_url(url)}: {exc}") from None
    return engine


def _ensure_sqlite_dir(database: str | None) -> None:
    if database and database != ":memory:":
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise DatabaseUnavailable(f"directory {parent} does not exist")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (safe to call on every start)."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(f"cannot connect to {safe_url(str(engine.url.render_as_string(hide_password=False)))}: {reason}") from None
    command.upgrade(alembic_config(engine), "head")


def open_db(url: str | None = None) -> sessionmaker[Session]:
    """Engine + up-to-date schema + a session factory; the caller owns transactions."""
    engine = make_engine(url)
    upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)


def has_schema(engine: Engine) -> bool:
    return "documents" in inspect(engine).get_table_names()


# PostgreSQL's autovacuum analyses a table once more than 50 + 10 % of its rows changed since the
# last analysis (autovacuum_analyze_threshold / autovacuum_analyze_scale_factor, PostgreSQL docs
# 24.1.6) -- but only on its next round, up to a minute later. A run that has just written 10k pages
# would plan its corpus queries on statistics of an empty store (a nested loop over every section:
# 14 s instead of 30 ms), so the run applies the same rule itself before them.
ANALYZE_THRESHOLD = 50
ANALYZE_SCALE = 0.1
_STALE_TABLES = text(
    "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
    "AND n_mod_since_analyze > :threshold + :scale * greatest(n_live_tup - n_mod_since_analyze, 0)"
)


def refresh_statistics(sessions: sessionmaker[Session]) -> list[str]:
    """ANALYZE the tables whose planner statistics are stale by autovacuum's rule (PostgreSQL; a
    no-op elsewhere: SQLite plans without statistics here). Returns the tables analysed.

    PostgreSQL 15+ counts a backend's changes in shared memory only when it has been idle a while;
    ``pg_stat_force_next_flush`` makes this connection's own writes count at once."""
    engine = sessions.kw["bind"]
    if engine.dialect.name != "postgresql":
        return []
    if (engine.dialect.server_version_info or (0,)) >= (15,):
        with sessions.begin() as session:
            session.execute(text("SELECT pg_stat_force_next_flush()"))
    with sessions.begin() as session:
        stale = list(session.execute(_STALE_TABLES, {"threshold": ANALYZE_THRESHOLD, "scale": ANALYZE_SCALE}).scalars())
        quote = engine.dialect.identifier_preparer.quote
        for table in stale:  # names from the catalogue, quoted as identifiers all the same
            session.execute(text("ANALYZE " + quote(table)))
    return stale
