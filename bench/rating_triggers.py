"""What the change marks cost a stored rating: one rating per transaction, as intake stores
them, with every trigger on ``ratings``, without the per-day marks, and with no mark at all.

    .venv/bin/python bench/rating_triggers.py [--database-url URL] [--ratings N]

The three variants alternate in blocks of 50 ratings on one migrated database (default: a
temporary SQLite file), so a change of the machine's load falls on all three alike. The
per-day marks are migration ``6a2d4e8f1c3b`` (``rating_day_changes``: the dashboard's and the
month's recount by day), the per-officer marks migration ``5e1f0c3a9b7d`` (the month kept while
nothing changed). On PostgreSQL the triggers are switched off with ``ALTER TABLE … DISABLE
TRIGGER`` between blocks; on SQLite they are dropped and created again from their own SQL.
"""

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from benchrow import emit  # noqa: E402
from tablet_upload import arrange  # noqa: E402

from migrations import runner as migrate  # noqa: E402
from models.engine import make_engine  # noqa: E402
from models.queries.questionnaires import load_active_questionnaire  # noqa: E402

BLOCK = 50
INSERT = text(
    "INSERT INTO ratings (id, source, site_id, counter_id, officer_id, questionnaire_version_id,"
    " level, verified, rated_at, received_at, clock_corrected, late, conduct_answered,"
    " conduct_yes, excluded, held) VALUES (:id, 'kiosk', :site, :counter, :officer, :version,"
    " 3, false, :at, :at, false, false, 0, 0, false, false)")


def triggers(session, dialect: str) -> dict[str, str]:
    """Return {trigger name: how to create it again} of the marks on ``ratings``."""
    if dialect == "sqlite":
        rows = session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                                    " AND tbl_name = 'ratings'")).all()
    else:
        rows = session.execute(text("SELECT tgname, '' FROM pg_trigger WHERE NOT tgisinternal"
                                    " AND tgrelid = 'ratings'::regclass")).all()
    return {name: sql for name, sql in rows if name.startswith("mark_")}


def switch(session, dialect: str, names: dict[str, str], on: bool) -> None:
    """Turn the named triggers on or off."""
    for name, sql in names.items():
        if dialect == "sqlite":
            session.execute(text(sql if on else f"DROP TRIGGER IF EXISTS {name}"))
        else:
            session.execute(text(f"ALTER TABLE ratings {'ENABLE' if on else 'DISABLE'} "
                                 f"TRIGGER {name}"))
    session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: SQLite)")
    parser.add_argument("--ratings", type=int, default=1500, help="per variant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/triggers.sqlite3"
        migrate.upgrade(url)
        engine = make_engine(url)
        dialect = engine.dialect.name
        session = Session(engine, expire_on_commit=False)
        officer, counter, _ = arrange(session)
        version = load_active_questionnaire(session).version_id
        marks = triggers(session, dialect)
        days = {n: s for n, s in marks.items() if n.startswith("mark_rating_days")}
        officers = {n: s for n, s in marks.items() if n not in days}
        variants = {"every mark": {}, "no per-day mark": days, "no mark": marks}
        times: dict[str, list[float]] = {name: [] for name in variants}
        start = datetime.now(UTC) - timedelta(days=20)
        done = 0
        for _ in range(args.ratings // BLOCK):
            for name, off in variants.items():
                switch(session, dialect, off, on=False)
                for _ in range(BLOCK):
                    at = start + timedelta(seconds=37 * done)  # new days as the month goes
                    done += 1
                    began = time.perf_counter()
                    session.execute(INSERT, {"id": uuid.uuid4().hex, "site": counter.site_id,
                                             "counter": counter.id, "officer": officer.id,
                                             "version": version, "at": at})
                    session.commit()
                    times[name].append(time.perf_counter() - began)
                switch(session, dialect, off, on=True)
        session.close()
        engine.dispose()
    median = {name: statistics.median(values) * 1e6 for name, values in times.items()}
    note = (f"{len(times['no mark']):,} ratings per variant, one per transaction; "
            f"{len(officers)} per-officer and {len(days)} per-day triggers")
    emit("stored rating (INSERT + COMMIT), no change mark", round(median["no mark"]), "µs",
         database=dialect, note=note)
    emit("stored rating, with the per-officer marks", round(median["no per-day mark"]), "µs",
         database=dialect, note=f"{median['no per-day mark'] - median['no mark']:+.0f} µs")
    emit("stored rating, with the per-officer and per-day marks", round(median["every mark"]),
         "µs", database=dialect,
         note=f"the per-day marks: {median['every mark'] - median['no per-day mark']:+.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
