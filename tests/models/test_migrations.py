"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models import Base, migrate
from models.engine import make_engine


def test_the_migrated_database_is_at_head(app):
    database = app.extensions["hailong.db"]
    assert migrate.database_revision(database.engine) == migrate.head_revision()


def test_models_and_migrations_agree(app):
    engine = app.extensions["hailong.db"].engine
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migration_file_names_start_with_a_date():
    from pathlib import Path

    import migrations

    files = [p.name for p in (Path(migrations.__file__).parent / "versions").glob("*.py")]
    assert files and all(name[:8].isdigit() and name[8] == "_" for name in files)


def test_downgrade_to_base_and_upgrade_again(database_url):
    migrate.downgrade(database_url, "base")
    engine = make_engine(database_url)
    assert migrate.database_revision(engine) is None
    migrate.upgrade(database_url)
    assert migrate.database_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_the_audit_log_refuses_update_and_delete(app, db):
    db.execute(
        text("INSERT INTO audit_log (at, actor, action, chain_seq, chain_hash) "
             "VALUES (CURRENT_TIMESTAMP, 'x', 'y', 1, 'h')")
    )
    db.commit()
    for statement in ("UPDATE audit_log SET actor = 'z'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.execute(text(statement))
        db.rollback()
