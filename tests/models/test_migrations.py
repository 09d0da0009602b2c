"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from migrations import runner as migrate
from models import Base
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


def test_the_security_upgrade_keeps_existing_links_working_and_seals_existing_entries(
    database_url,
):
    from sqlalchemy.orm import Session

    from models.ops.audit import verify_chain
    from models.queries.visits import visit_by_token

    migrate.downgrade(database_url, "44dc5492314e")
    engine = make_engine(database_url)
    rows = [
        "INSERT INTO sites (id, code, name, kind, address, opens_at, closes_at, "
        "cooldown_seconds, token_ttl_days, active) VALUES (1, 'S', 'Trung tâm', 'province', "
        "'', '07:30:00', '17:00:00', 20, 7, true)",
        "INSERT INTO departments (id, code, name, land_group, active) "
        "VALUES (1, 'D', 'Sở', false, true)",
        "INSERT INTO counters (id, code, site_id, number, name, active) "
        "VALUES (1, 'Q1', 1, 1, 'Quầy 1', true)",
        "INSERT INTO officers (id, code, full_name, title, site_id, department_id, active, "
        "created_at) VALUES (1, 'CB1', 'Nguyễn Văn A', '', 1, 1, true, CURRENT_TIMESTAMP)",
        "INSERT INTO visits (id, site_id, counter_id, officer_id, opened_at, opened_via, "
        "survey_token, token_expires_at) VALUES (1, 1, 1, 1, CURRENT_TIMESTAMP, 'api', "
        "'OldToken_1234567', CURRENT_TIMESTAMP)",
        "INSERT INTO audit_log (at, actor, action, note, after) VALUES "
        "(CURRENT_TIMESTAMP, 'cli', 'defaults.install', 'Phiếu mặc định', NULL)",
        "INSERT INTO audit_log (at, actor, action, note, after) VALUES "
        "(CURRENT_TIMESTAMP, 'lanhdao', 'site.update', NULL, '{\"tên\": \"Mới\"}')",
    ]
    with engine.begin() as connection:
        for row in rows:
            connection.execute(text(row))
    migrate.upgrade(database_url)
    with Session(engine) as session:
        visit = visit_by_token(session, "OldToken_1234567")
        assert visit is not None and visit.token_nonce is None
        stored = session.execute(text("SELECT * FROM visits")).mappings().one()
        assert "OldToken_1234567" not in {str(value) for value in stored.values()}
        report = verify_chain(session)
        assert report.intact and report.checked == 2
    engine.dispose()
