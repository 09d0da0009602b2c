"""Benchmark the month's printouts and dashboards on a province-sized month.

    python bench/bench_reports.py --database-url sqlite:////tmp/bench.sqlite3 --seed
    python bench/bench_reports.py --database-url postgresql://postgres@127.0.0.1/bench --seed

The schema is brought to the newest revision first; --seed fills an empty database the way
bench/bench_month.py does (1,000 officers, about a million ratings in 2026-10, dossier
figures and leader's scores). Targets: the Excel workbook < 1 s, a dashboard page over the
province's month < 500 ms (issue 7); the ranking PDF < 1 s for 500 officers and < 2 s for
1,000, the dashboard figures' computation < 2 s, the ranking page and an officer's own sheet
page < 200 ms (issue 17). compute_month from scratch is timed in the same run as the
reference the printouts are compared with (they start from its result). Prints one row per
figure, and the same rows as JSON lines prefixed "BENCH ".
"""

import argparse
import random
import secrets
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from benchrow import emit
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from admin.dashboard.data import refresh_month
from evaluation import month_window_utc, parse_month
from migrations import runner as migrate
from models import DashboardDay, Officer, Rating, User
from models.engine import make_engine
from models.queries import month_cache
from models.queries.month import compute_month
from models.queries.month_selection import Selection, selected_officers
from models.queries.settings import load_organisation
from render.ranking_pdf import RankingPrint, monthly_ranking_pdf
from render.report_xlsx import RankingWorkbook, ranking_workbook
from web.config import Defaults, normalise_database_url
from wsgi import create_app

ZONE = "Asia/Ho_Chi_Minh"


def timed(function, runs: int) -> tuple[float, float, object]:
    """Return (median, best) seconds over ``runs`` calls, and the last result."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    LAST_CPU[0] = statistics.median(cpu)
    return statistics.median(times), min(times), result


#: The median CPU time of this process in the last ``timed`` call (the database server's is
#: not in it): on a shared machine it moves less than the wall-clock time.
LAST_CPU = [0.0]


def row(name: str, seconds: float, target: float | None, note: str = "", *,
        database: str | None = None) -> dict:
    """Print one result row and its BENCH JSON line; return it (figure in ms)."""
    note = f"{note}; CPU {LAST_CPU[0] * 1000:.0f} ms" if note else note
    return emit(name, round(seconds * 1000, 1), "ms",
                target=None if target is None else f"< {target * 1000:.0f} ms",
                met=None if target is None else seconds < target,
                database=database, note=note)


def bench_files(session, period: str, runs: int) -> list[dict]:
    """Time compute_month, the ranking PDF (500 and all officers) and the workbook."""
    database = session.get_bind().dialect.name
    median, best, report = timed(lambda: (month_cache.clear(), compute_month(
        session, period, zone=ZONE))[1], runs)
    everyone = selected_officers(report, Selection())
    organisation = load_organisation(session, vars(Defaults))
    rows = [row("compute_month from scratch (reference)", median, None,
                f"best {best * 1000:.0f} ms; {len(everyone)} officers", database=database)]
    for count, target in ((500, 1.0), (len(everyone), 2.0)):
        doc = RankingPrint(report, everyone[:count], "site", organisation, date(2026, 11, 2))
        median, best, pdf = timed(lambda doc=doc: monthly_ranking_pdf(doc), runs)
        rows.append(row(f"ranking PDF, {count} officers", median, target,
                        f"best {best * 1000:.0f} ms; {len(pdf):,} bytes; "
                        f"{median / rows[0]['figure'] * 1000:.1f}x compute_month",
                        database=database))
    book = RankingWorkbook(report, everyone, "site", organisation)
    median, best, data = timed(lambda: ranking_workbook(book), runs)
    rows.append(row(f"Excel workbook, {len(everyone)} officers", median, 1.0,
                    f"best {best * 1000:.0f} ms; {len(data):,} bytes", database=database))
    return rows


def leader_client(app, session):
    """Return a test client signed in as the bench's leader account (created once)."""
    password = secrets.token_urlsafe()
    user = session.scalar(select(User).where(User.username == "bench-leader"))
    if user is None:
        user = User(username="bench-leader", role="leader", full_name="Bench")
        session.add(user)
    user.password_hash = generate_password_hash(password, method="pbkdf2:sha256:1000")
    session.commit()
    client = app.test_client()
    response = client.post("/admin/login", data={"username": "bench-leader",
                                                 "password": password})
    assert response.status_code == 302, response.status_code
    return client


def officer_client_for(app, session):
    """Return a test client signed in as an officer of the month (the demo's first officer
    account, or one made once)."""
    password = secrets.token_urlsafe()
    user = session.scalar(select(User).where(User.role == "officer",
                                             User.officer_id.is_not(None)).order_by(User.id))
    if user is None:
        officer_id = session.scalar(select(Officer.id).order_by(Officer.id))
        user = User(username="bench-officer", role="officer", full_name="Bench",
                    officer_id=officer_id)
        session.add(user)
    user.password_hash = generate_password_hash(password, method="pbkdf2:sha256:1000")
    session.commit()
    client = app.test_client()
    response = client.post("/admin/login", data={"username": user.username,
                                                 "password": password})
    assert response.status_code == 302, response.status_code
    return client


def bench_refresh(session, period: str, runs: int) -> list[dict]:
    """Time the dashboard figures' refresh (``hailong dashboard refresh``): the first one,
    with no day tallies kept; one with nothing changed since the last; one after 1,000 new
    ratings (committed before, deleted after each run, both untimed).

    The job runs in a fresh `hailong` process: nothing of the month is kept in memory
    (compute_month starts from scratch); the day tallies of the last refresh are kept in the
    database (models/queries/dashboard_days.py).
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_month import new_ratings

    database = session.get_bind().dialect.name
    month = parse_month(period)
    start, end = month_window_utc(month, ZONE)

    def refresh():
        month_cache.clear()
        return refresh_month(session, month, ZONE)

    session.execute(delete(DashboardDay))
    session.commit()
    cold, _best, stored = timed(refresh, 1)
    officers = len(stored.details["officers"])
    rows = [row("dashboard figures refresh, first (no day kept)", cold, None,
                f"every local day counted; {officers} officers", database=database)]
    median, best, same = timed(refresh, max(1, runs // 2))
    if same.details != stored.details:
        raise SystemExit("the refresh from kept days and the first refresh disagree")
    rows.append(row("dashboard figures refresh, nothing changed since the last", median, 2.0,
                    f"best {best * 1000:.0f} ms; every day read, none counted",
                    database=database))
    rng, times, cpu = random.Random(17), [], []
    for _ in range(max(1, runs // 2)):
        ids = new_ratings(session, start, end, 1000, rng)
        session.commit()
        started, started_cpu = time.perf_counter(), time.process_time()
        fresh = refresh()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        session.execute(delete(Rating).where(Rating.id.in_(ids)))
        session.commit()
    if sum(n for *_key, n in fresh.details["levels"]) != sum(
            n for *_key, n in stored.details["levels"]) + 1000:
        raise SystemExit("the refresh after 1,000 new ratings did not count them")
    LAST_CPU[0] = statistics.median(cpu)
    rows.append(row("dashboard figures refresh after 1,000 new ratings",
                    statistics.median(times), 2.0,
                    f"best {min(times) * 1000:.0f} ms; the last local day counted again",
                    database=database))
    return rows


def bench_pages(url: str, session, period: str, runs: int) -> list[dict]:
    """Time the dashboard figures' computation, the dashboard page that reads them, the
    ranking page and an officer's own sheet (both compute the month, kept while unchanged:
    the first view of each is left out of the median as a worker's first view)."""
    app = create_app({"DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                      "DASHBOARD_MAX_AGE_SECONDS": 86400,
                      # The pages are measured, not the sign-in: a password alone.
                      "TWO_FACTOR_ROLES": ""})
    client = leader_client(app, session)
    database = session.get_bind().dialect.name
    rows = bench_refresh(session, period, runs)
    officer_client = officer_client_for(app, session)
    for name, path, target, who in (
            ("dashboard page, province month", f"/admin/dashboard?month={period}", 0.5, client),
            ("ranking page, first 100 of the first site", f"/admin/ranking?month={period}", 0.2,
             client),
            ("officer's own sheet page", f"/admin/my-sheet?month={period}", 0.2,
             officer_client)):
        def get(path=path, who=who):
            response = who.get(path)
            assert response.status_code == 200, response.status_code
            return response.data

        started = time.perf_counter()
        get()  # a worker's first view computes the month (or reads stored figures)
        first = time.perf_counter() - started
        median, best, body = timed(get, runs)
        rows.append(row(name, median, target, f"best {best * 1000:.0f} ms; first view "
                        f"{first * 1000:.0f} ms; {len(body):,} bytes", database=database))
    app.extensions["hailong.db"].engine.dispose()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", action="store_true", help="fill an empty database first")
    parser.add_argument("--officers", type=int, default=1000,
                        help="officers seeded into an empty database (default 1,000)")
    parser.add_argument("--ratings-per-officer", type=int, default=1000,
                        help="ratings per officer seeded into an empty database (default 1,000)")
    args = parser.parse_args()
    url = normalise_database_url(args.database_url, "instance")
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        if args.seed:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from bench_month import seed  # the month benchmark's data

            seed(session, args.month, officers=args.officers,
                 ratings_per_officer=args.ratings_per_officer)
        print(f"database {engine.dialect.name}; month {args.month}; median of {args.runs} runs")
        rows = bench_files(session, args.month, args.runs)
        rows += bench_pages(url, session, args.month, args.runs)
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
