"""The one doorway for writes (``web.db.write_session``), and the watch that finds writes made
without it: every app the suite builds is watched (``tests/doorway.py``), so any view or
command the suite runs that writes outside the doorway fails its test."""

import ast
import pathlib

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from models import Site
from models.engine import make_engine
from tests.doorway import DoorwayWatch
from web.db import get_session, write_session
from wsgi import create_app

ROOT = pathlib.Path(__file__).resolve().parents[2]
#: A write that changes nothing but is still sent to the database.
NO_OP_WRITE = text("UPDATE sites SET name = name WHERE id < 0")


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'e.sqlite3'}")
    yield engine
    engine.dispose()


def test_write_session_turns_a_read_transaction_into_a_write_one(sqlite_engine):
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    reader = Session(sqlite_engine)
    reader.execute(text("SELECT count(*) FROM t"))
    with sqlite_engine.begin() as connection:  # another writer commits after our snapshot
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
    assert write_session(reader) is reader
    reader.execute(text("INSERT INTO t VALUES (2)"))
    reader.commit()
    assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 2
    reader.close()


def test_write_session_refuses_changes_made_before_it(sqlite_engine):
    session = Session(sqlite_engine)
    session.execute(text("SELECT 1"))
    session.add(Site(code="HN", name="Hà Nội"))  # not flushed: nothing reaches the database
    with pytest.raises(RuntimeError, match="before the write transaction"):
        write_session(session)
    session.close()


@pytest.fixture
def watched(app_config, tmp_path, monkeypatch):
    """An app with a view and a command writing each way; the watch is the test's to read."""
    monkeypatch.setenv("HAILONG_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)

    def write(through_doorway: bool) -> str:
        session = write_session() if through_doorway else get_session()
        session.execute(NO_OP_WRITE)
        session.commit()
        return "ok"

    app.add_url_rule("/_doorway/good", "doorway_good", lambda: write(True))
    app.add_url_rule("/_doorway/bad", "doorway_bad", lambda: write(False))

    @app.cli.command("doorway-bad")
    def doorway_bad():
        write(False)

    @app.cli.command("doorway-good")
    def doorway_good():
        write(True)

    watch = DoorwayWatch(app.extensions["hailong.db"].engine)
    yield app, watch
    watch.close()
    app.extensions["hailong.db"].engine.dispose()


def test_a_view_writing_through_the_doorway_passes_the_watch(watched):
    app, watch = watched
    assert app.test_client().get("/_doorway/good").status_code == 200
    watch.assert_none()


def test_a_view_writing_without_the_doorway_is_caught(watched):
    app, watch = watched
    assert app.test_client().get("/_doorway/bad").status_code == 200
    assert len(watch.violations) == 1
    assert "request GET /_doorway/bad (doorway_bad)" in watch.violations[0]
    assert "UPDATE sites" in watch.violations[0]
    with pytest.raises(AssertionError, match=r"written outside web\.db\.write_session"):
        watch.assert_none()


def test_a_command_writing_without_the_doorway_is_caught(watched):
    app, watch = watched
    runner = app.test_cli_runner()
    assert runner.invoke(args=["doorway-good"]).exit_code == 0
    assert watch.violations == []
    assert runner.invoke(args=["doorway-bad"]).exit_code == 0
    assert len(watch.violations) == 1
    assert "command" in watch.violations[0] and "doorway-bad" in watch.violations[0]


def test_a_write_made_to_arrange_a_test_is_not_a_violation(watched, db):
    _, watch = watched
    db.execute(NO_OP_WRITE)
    db.commit()
    assert watch.violations == []


def _calls_of(name: str, path: pathlib.Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and name in (getattr(node.func, "id", None), getattr(node.func, "attr", None))]


def test_only_the_doorway_starts_a_write_transaction():
    """``models.engine.begin_write`` is the doorway's own step: nothing else calls it."""
    allowed = {ROOT / "web" / "db.py", ROOT / "models" / "engine.py"}
    offenders = []
    for package in ("admin", "kiosk", "web", "models", "render", "evaluation", "tabular"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path not in allowed:
                offenders += [f"{path.relative_to(ROOT)}:{line}"
                              for line in _calls_of("begin_write", path)]
    assert offenders == []
