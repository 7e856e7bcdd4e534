"""Shared fixtures: databases on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "winnow" / "demo" / "seeds"
PG_ADMIN_URL = os.environ.get("WINNOW_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# pytest-xdist runs the suite in worker processes gw0, gw1, ... (`make test`: -n 2). Each worker
# gets a Redis database number of its own (tests also prefix their keys), and every PostgreSQL
# database a test creates is named after its worker, so a leftover one says who made it.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
os.environ.setdefault("WINNOW_TEST_REDIS", f"redis://127.0.0.1:6379/{int(WORKER.removeprefix('gw') or 0) % 16}")


def _pg_database() -> Iterator[str]:
    name = f"winnow_t_{WORKER}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind (PostgreSQL really runs; it is not skipped)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'winnow.db'}"
    else:
        yield from _pg_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'winnow.db'}"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
