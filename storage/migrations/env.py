"""Alembic environment: runs against the engine handed over in ``config.attributes``."""

import os

from alembic import context
from sqlalchemy import create_engine

from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        url = os.environ.get("WINNOW_DB") or config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("no database: set WINNOW_DB or sqlalchemy.url in alembic.ini")
        engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
