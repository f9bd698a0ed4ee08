"""Alembic environment: runs against the engine handed in by ``storage.migrate``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from workstation.storage import models  # noqa: F401  (registers the tables)
from workstation.storage.migrate import include_name

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=include_name,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
