"""Engines, sessions and schema upgrades. Connection problems become ``DatabaseUnavailable``."""

from __future__ import annotations

import functools
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
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


def _sqlite_pragmas(dbapi_conn, _record) -> None:
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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (safe to call on every start)."""
    where = safe_url(engine.url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            tables, revision = _schema_state(conn)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(f"cannot connect to {where}: {reason}") from None
    head = head_revision()
    if revision == head:
        log.debug("%s: schema at revision %s", where, head)
        return  # the usual case: Alembic (a third of a second to import) is not needed
    if not tables:
        log.debug("%s: empty database, creating the schema at revision %s", where, head)
        create_schema(engine)
        return
    from alembic import command

    log.info("%s: upgrading the schema from revision %s to %s", where, revision, head)
    command.upgrade(alembic_config(engine), "head")


_REVISION = re.compile(r"^(down_revision|revision)\b[^=]*=\s*['\"]?([^'\"\s]+)", re.MULTILINE)


@functools.lru_cache(maxsize=1)  # the migration files do not change while a process runs
def head_revision() -> str:
    """The newest migration: the revision no other one names as its ``down_revision`` (read from
    the migration files' text, as Alembic's script directory does, without importing Alembic)."""
    revisions, downs = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            downs.add(found.get("down_revision", "None"))
    heads = revisions - downs
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have one head, found {sorted(heads)}")
    return heads.pop()


def stored_revision(engine: Engine) -> str | None:
    """The schema revision a database is at; None when it has none (empty, or not ours)."""
    with engine.connect() as conn:
        return _schema_state(conn)[1]


def _schema_state(conn: Connection) -> tuple[list[str], str | None]:
    """The database's tables, and the revision stamped in ``alembic_version`` (None: no stamp)."""
    tables = inspect(conn).get_table_names()
    if "alembic_version" not in tables:
        return tables, None
    return tables, conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def create_schema(engine: Engine) -> None:
    """An empty database gets the models' tables and is stamped with the head revision, as
    Alembic's cookbook advises ("building an up to date database from scratch"): the same schema
    as every migration run in turn (tests compare them), without running each."""
    from storage.models import Base

    version = Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        version.create(conn)
        conn.execute(version.insert().values(version_num=head_revision()))


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
