"""Alembic environment: runs against the connection or URL that migrations.runner hands over."""

from contextlib import contextmanager

from alembic import context
from sqlalchemy import pool

from models import Base
from models.engine import make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    """Emit SQL for the configured URL without connecting."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on the given connection, or on a fresh one to the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as fresh:
        _run(fresh)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    if connection.dialect.name != "sqlite":
        with context.begin_transaction():
            context.run_migrations()
        return
    with sqlite_foreign_keys_off(connection), context.begin_transaction():
        context.run_migrations()
        check_foreign_keys(connection)


@contextmanager
def sqlite_foreign_keys_off(connection):
    """Turn SQLite's foreign keys off while the migrations run (and on again after).

    Batch mode rebuilds a table by copying it and dropping the old one; with foreign
    keys on, dropping a table other rows point at fails (Alembic's documented recipe).
    The pragma only takes effect outside a transaction, so it goes to the driver's
    connection before the migration transaction begins; check_foreign_keys then makes
    sure the rebuilt tables left no dangling reference before anything is committed.
    """
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def check_foreign_keys(connection) -> None:
    """Refuse to commit a migration that left a row pointing at nothing."""
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"the migration left broken foreign keys: {problems[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
