"""A database made by an older release upgrades to head with every row and closed month intact."""

import json
import secrets
from pathlib import Path

import pytest
from sqlalchemy import MetaData, func, select
from sqlalchemy.orm import Session

from migrations import runner as migrate
from models.engine import make_engine
from models.queries.closed_months import check_closed_months, snapshot_digest
from tests.deploy.upgrade_fixture import load

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("v*.json"))
ZONE = "Asia/Ho_Chi_Minh"
SECRET_KEY = secrets.token_hex(32)


@pytest.fixture(params=FIXTURES, ids=lambda path: path.stem)
def old_release(request, scratch_database_url):
    """A scratch database as an older release left it: its schema and its data."""
    fixture = json.loads(request.param.read_text(encoding="utf-8"))
    migrate.upgrade(scratch_database_url, fixture["revision"])
    engine = make_engine(scratch_database_url)
    load(engine, fixture)
    yield scratch_database_url, engine, fixture
    engine.dispose()


def test_there_is_a_fixture_for_the_last_release():
    assert [path.stem for path in FIXTURES] == ["v0.1.0"]


def test_upgrading_keeps_every_row(old_release):
    url, engine, fixture = old_release
    migrate.upgrade(url)
    assert migrate.database_revision(engine) == migrate.head_revision()
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        for name, rows in fixture["tables"].items():
            count = connection.execute(select(func.count()).select_from(metadata.tables[name]))
            assert count.scalar() == len(rows), name


def test_every_closed_month_reproduces_after_upgrading(old_release):
    url, engine, fixture = old_release
    migrate.upgrade(url)
    frozen = {row["period"]: snapshot_digest(row["snapshot"])
              for row in fixture["tables"]["evaluation_months"] if row["status"] == "closed"}
    with Session(engine) as session:
        checks = check_closed_months(session, ZONE)
    assert frozen and {check.period: check.digest for check in checks} == frozen
    assert all(check.reproduces for check in checks)


def test_the_upgraded_database_serves(old_release, build_app):
    url, _engine, _fixture = old_release
    migrate.upgrade(url)
    app = build_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY})
    assert app.test_client().get("/healthz").get_json()["status"] == "ok"
    shown = app.test_cli_runner().invoke(args=["month", "show", "--month", "2026-10", "--json"])
    assert shown.exit_code == 0, shown.output
    assert len(json.loads(shown.stdout)["result"]["officers"]) == 8


def test_upgrade_check_lists_what_would_run_and_changes_nothing(old_release, build_app):
    url, engine, fixture = old_release
    app = build_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": SECRET_KEY,
                     "CHECK_DATABASE_ON_START": False})
    result = app.test_cli_runner().invoke(args=["db", "upgrade", "--check"])
    assert result.exit_code == 0, result.output
    pending = migrate.pending_revisions(engine)
    assert pending and f"{len(pending)} migration(s) to run." in result.output
    assert all(f"would run {revision}" in result.output for revision, _ in pending)
    assert migrate.database_revision(engine) == fixture["revision"]
