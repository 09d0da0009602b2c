"""Where a tablet rating's time goes: every SQL statement of a one-rating upload, timed.

    .venv/bin/python bench/intake_statements.py [--database-url URL] [--uploads 300]

In this process, on a new SQLite file (or an empty migrated database given by URL): one
site open all day without cool-down, one counter, an officer signed in at a paired tablet,
the flag rules' burst allowance raised so that none fires (the ordinary rating). Then
``--uploads`` one-rating POSTs (what an online tablet sends after each citizen) go through
the Flask test client to the bare baseline (bench/ingestion_baseline.py) and to the real
``/api/v1/kiosk/ratings``, alternating, and every statement the app sends is timed on the
connection (SQLAlchemy's cursor events). Prints the statements of one upload grouped by
what they do, with their mean time, and the time outside SQL (Flask, JSON, checks in Python);
then the upload's stages (the device check, each rating check, the store, the flag rules),
each timed around the function that does it (SQL and Python together), and the rest.
No gunicorn, no concurrency: the figures say what one upload costs, not the throughput
under load (bench/ingestion.py measures that).
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchrow import emit
from sqlalchemy import event
from sqlalchemy.orm import Session

from migrations import runner as migrate
from models.queries.questionnaires import load_active_questionnaire
from wsgi import create_app

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from tablet_upload import arrange, items  # noqa: E402  (same set-up as the batch benchmark)


def statement_kind(sql: str) -> str:
    """Name a statement by its verb and first table: "SELECT officer_sign_ins"."""
    text = " ".join(sql.split())
    verb = text.split(" ", 1)[0].upper()
    if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"):
        return verb
    match = re.search(r"\b(?:FROM|INTO|UPDATE)\s+\"?(\w+)", text, re.I)
    return f"{verb} {match.group(1) if match else '?'}"


#: The stages of an upload: (module, function) timed around every call, SQL and Python.
STAGES = (
    ("kiosk.api.tablet", "tablet_call", "device, counter and closing-time check"),
    ("kiosk.api.tablet", "write_session", "BEGIN IMMEDIATE (end the read, start the write)"),
    ("kiosk.api.tablet", "lock_tablet", "the tablet's turn (row lock; PostgreSQL only)"),
    ("models.ops.tablets", "rating_exists", "duplicate check"),
    ("models.ops.tablets", "sign_in_covering", "signed in at that moment"),
    ("models.ops.tablets", "_check_visit_or_cooldown", "cool-down (counter lock, neighbour)"),
    ("models.ops.tablets", "_store", "store: validate, closed month, savepoint, inserts, alerts"),
    ("models.ops.tablets", "screen_and_flag", "flag rules (facts, burst counts)"),
)


def time_stages(totals: dict[str, float]) -> None:
    """Wrap each stage's function in its module so that every call adds to ``totals``."""
    import importlib

    def timed(function, label):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[label] += time.perf_counter() - start
        return wrapper

    for module_name, name, label in STAGES:
        module = importlib.import_module(module_name)
        setattr(module, name, timed(getattr(module, name), label))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty migrated database (default: SQLite)")
    parser.add_argument("--uploads", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/intake.sqlite3"
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, "TESTING": True, "RATELIMIT_ENABLED": False,
                          "TRUST_BURST_ALLOWANCE": 1_000_000,
                          "SECRET_KEY": "bench-secret-key-0123456789abcdefghij"})
        engine = app.extensions["hailong.db"].engine
        with Session(engine, expire_on_commit=False) as session:
            officer, counter, paired = arrange(session)
            questionnaire = load_active_questionnaire(session)
        os.environ["DATABASE_URL"] = url
        from ingestion_baseline import create_app as create_baseline

        bare = create_baseline().test_client()
        client = app.test_client()
        timings: dict[str, list[float]] = defaultdict(list)
        stages: dict[str, float] = defaultdict(float)
        time_stages(stages)
        started_at: dict[int, float] = {}

        @event.listens_for(engine, "before_cursor_execute")
        def before(conn, cursor, statement, parameters, context, executemany):
            started_at[id(cursor)] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn, cursor, statement, parameters, context, executemany):
            timings[statement_kind(statement)].append(
                time.perf_counter() - started_at.pop(id(cursor)))

        app_times, bare_times = [], []
        for number in range(args.uploads + 20):
            one = items(questionnaire, officer, counter)[:1]
            one[0]["rated_at"] = (datetime.now(UTC) - timedelta(seconds=30)).isoformat()
            body = {"sent_at": datetime.now(UTC).isoformat(), "ratings": one}
            start = time.perf_counter()
            response = bare.post("/baseline/ratings", json=body)
            middle = time.perf_counter()
            assert response.status_code == 200, response.data
            twin = dict(one[0], id=str(uuid.uuid4()))
            if number == 20:
                timings.clear()  # the first uploads warm caches up
                stages.clear()
            before_app = time.perf_counter()
            response = client.post("/api/v1/kiosk/ratings",
                                   headers={"X-Tablet-Key": paired.secret},
                                   json={"sent_at": body["sent_at"], "ratings": [twin]})
            done = time.perf_counter()
            assert response.json["results"][0]["status"] == "created", response.json
            if number >= 20:
                bare_times.append(middle - start)
                app_times.append(done - before_app)
        database = engine.dialect.name
        engine.dispose()
    uploads = len(app_times)
    app_ms, bare_ms = (statistics.mean(x) * 1000 for x in (app_times, bare_times))
    sql_ms = sum(sum(v) for v in timings.values()) * 1000 / uploads
    print(f"database {database}; {uploads} one-rating uploads each; mean per upload")
    print(f"{'statement':42} {'per upload':>10} {'mean µs':>9} {'µs per upload':>14}")
    for kind, values in sorted(timings.items(), key=lambda kv: -sum(kv[1])):
        print(f"{kind:42} {len(values) / uploads:10.2f} {statistics.mean(values) * 1e6:9.0f} "
              f"{sum(values) * 1e6 / uploads:14.0f}")
    print(f"{'all SQL of the app':42} {sum(map(len, timings.values())) / uploads:10.2f} "
          f"{'':9} {sql_ms * 1000:14.0f}")
    print(f"{'stage of the app upload':62} {'µs per upload':>14}")
    for _module, _name, label in STAGES:
        print(f"{label:62} {stages[label] * 1e6 / uploads:14.0f}")
    rest = app_ms * 1000 - sum(stages.values()) * 1e6 / uploads
    print(f"{'the rest: Flask, body parsing, commit, JSON answer':62} {rest:14.0f}")
    print(f"app upload {app_ms:.2f} ms (SQL {sql_ms:.2f} ms, outside SQL {app_ms - sql_ms:.2f} ms);"
          f" bare baseline {bare_ms:.2f} ms")
    emit("intake in process, one-rating upload: bare baseline ÷ app", round(bare_ms / app_ms, 2),
         "×", database=database,
         note=f"app {app_ms:.1f} ms ({sum(map(len, timings.values())) / uploads:.0f} statements, "
              f"{sql_ms:.1f} ms in SQL), bare {bare_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
