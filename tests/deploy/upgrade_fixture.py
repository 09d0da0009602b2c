"""Build and load the upgrade fixtures: a database made by an older release, as plain rows.

A fixture is made once per release by running that release's own code (its migrations and
its demo seed, with a few months closed) and dumping every table to JSON::

    git worktree add /tmp/v0.1.0 v0.1.0
    PYTHONPATH=/tmp/v0.1.0 HAILONG_INSTANCE_PATH=/tmp/v010 .venv/bin/python \\
        tests/deploy/upgrade_fixture.py build tests/deploy/fixtures/v0.1.0.json

``load`` puts such rows into an empty database migrated to the fixture's revision, using the
tables as that revision defines them (reflected), never the current models.
"""

import base64
import json
import sys
import uuid
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import JSON, Date, DateTime, LargeBinary, MetaData, Time, select, text

FORMAT = "hailong.upgrade-fixture/1"


def _plain(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    return value


def dump(engine) -> dict:
    """Return every table's rows (by primary key order) and the schema revision."""
    metadata = MetaData()
    metadata.reflect(engine)
    tables = {}
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = connection.execute(select(table).order_by(*table.primary_key.columns))
            tables[table.name] = [{k: _plain(v) for k, v in row._mapping.items()} for row in rows]
    return {"format": FORMAT, "revision": revision, "tables": tables}


def _typed(column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(value, dict) and set(value) == {"base64"} and isinstance(kind, LargeBinary):
        return base64.b64decode(value["base64"])
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, JSON) or not isinstance(value, str | int | float | bool):
        return value
    return value


def load(engine, fixture: dict) -> None:
    """Insert the fixture's rows into a database migrated to the fixture's revision."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            rows = fixture["tables"].get(table.name, [])
            if rows:
                connection.execute(table.insert(), [
                    {name: _typed(table.c[name], value) for name, value in row.items()}
                    for row in rows])
        if engine.dialect.name == "postgresql":
            for table in metadata.sorted_tables:
                for column in table.primary_key.columns:
                    if column.autoincrement is True or (
                            column.autoincrement == "auto" and column.type.python_type is int):
                        connection.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                            f"'{column.name}'), COALESCE(MAX({column.name}), 1)) "
                            f"FROM {table.name}"))


def build(out: Path) -> None:
    """Seed a demo database with the release on PYTHONPATH, close months, write the fixture."""
    from wsgi import create_app

    app = create_app({"CHECK_DATABASE_ON_START": False})
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"],
                 ["seed-demo", "--officers", "8", "--months", "3", "--ratings-per-officer",
                  "12", "--until", "2026-10-31", "--seed", "7"],
                 ["month", "close", "--month", "2026-08"],
                 ["month", "close", "--month", "2026-09"],
                 ["month", "reopen", "--month", "2026-09", "--reason", "late dossier figures",
                  "--by", "lanhdao"],
                 ["month", "close", "--month", "2026-09"]):
        result = runner.invoke(args=args)
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(args)} failed: {result.output}")
    data = dump(app.extensions["hailong.db"].engine)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] != ["build"] or len(sys.argv) != 3:
        raise SystemExit("usage: upgrade_fixture.py build OUT.json")
    build(Path(sys.argv[2]))
