"""Rating ingestion under gunicorn: the real tablet batch endpoint against a bare baseline.

    .venv/bin/python bench/ingestion.py                                  # SQLite (a new file)
    .venv/bin/python bench/ingestion.py --database-url postgresql://postgres@127.0.0.1:5432/DB

The database must be one the script may wipe (PostgreSQL: its public schema is dropped and
rebuilt by the migrations). It pairs 50 tablets (one per counter, each with an officer signed
in, cool-down off), then serves, each with 4 gunicorn sync workers on the same database:

* the app, ``wsgi:create_app()`` — ``POST /api/v1/kiosk/ratings`` with every check the product
  makes (device key, sign-in covering the rating, cool-down, closed month, validation, alerts);
* the baseline, ``bench/ingestion_baseline.py`` — the same rating and answer rows inserted in
  one write transaction, nothing else.

A separate process (bench/ingestion_load.py, asyncio + aiohttp) plays 50 tablets, each sending
one rating per request. Throughput is measured at saturation — each tablet sends the next as
soon as the answer comes; rounds alternate baseline and app (so both see the table grow alike)
and the figures are the sums over the rounds. Latency is measured at a pace: each tablet sends
one rating a second (50 ratings/s, far above a real centre's busiest hour), since at saturation
the latency is only the queue the load itself builds (Little's law: 50 requests in flight at
N per second wait 50/N s). Afterwards the ratings in the database must equal the ratings
acknowledged — none lost, none doubled.
Targets: app throughput ≥ 0.8 × the baseline's; app p99 latency < 100 ms.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from benchrow import emit
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from migrations import runner as migrate
from models import Counter, Department, Officer, OfficerSignIn, Rating, Site
from models.defaults import install_default_questionnaire
from models.engine import make_engine
from models.ops.devices import issue_pairing_code, redeem_pairing_code
from models.queries.questionnaires import load_active_questionnaire
from web.config import normalise_database_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TARGET_RATIO = 0.8
TARGET_P99_MS = 100.0


def wipe_and_migrate(url: str) -> None:
    """Bring an empty schema to head (PostgreSQL: drop what is there first)."""
    if not url.startswith("sqlite"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    migrate.upgrade(url)


def arrange(url: str, count: int) -> list[dict]:
    """Pair ``count`` tablets, one per counter, each with its officer signed in."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    with Session(engine) as session:
        site = Site(code="BENCH", name="Trung tâm thử tải", cooldown_seconds=0,
                    opens_at=clock(0, 0), closes_at=clock(23, 59))
        department = Department(code="BENCH", name="Sở thử tải")
        session.add_all([site, department])
        install_default_questionnaire(session)
        session.flush()
        version_id = load_active_questionnaire(session).version_id
        tablets = []
        for number in range(1, count + 1):
            counter = Counter(code=f"Q{number:02d}", site_id=site.id, number=number,
                              department_id=department.id)
            officer = Officer(code=f"CB{number:04d}", full_name=f"Cán bộ thử {number}",
                              site_id=site.id, department_id=department.id, counters=[counter])
            session.add_all([counter, officer])
            session.flush()
            paired = redeem_pairing_code(session, issue_pairing_code(session, counter).code)
            session.add(OfficerSignIn(officer_id=officer.id, tablet_id=paired.tablet_id,
                                      counter_id=counter.id,
                                      signed_in_at=now - timedelta(minutes=1)))
            tablets.append({"secret": paired.secret, "officer_id": officer.id,
                            "counter_id": counter.id, "version_id": version_id})
        session.commit()
    engine.dispose()
    return tablets


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app: str, url: str, workers: int, folder: str, *extra: str) -> tuple:
    """Start gunicorn serving ``app``; return (process, base URL) once it answers."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-" + os.urandom(16).hex(),
           "HAILONG_INSTANCE_PATH": folder, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", *extra, app],
        cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, base
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn for {app} exited with {process.returncode}") from None
            time.sleep(0.1)
    raise SystemExit(f"gunicorn for {app} did not start")


def load(url: str, tablets_file: str, seconds: float, size: int, interval: float = 0.0) -> dict:
    """Run the load process against url and return what it measured."""
    output = subprocess.run(
        [sys.executable, str(HERE / "ingestion_load.py"), "--url", url, "--tablets",
         tablets_file, "--seconds", str(seconds), "--batch", str(size),
         "--interval", str(interval)],
        check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def combine(runs: list[dict]) -> dict:
    """Sum rounds; latency percentiles are averaged over rounds of equal length."""
    seconds = sum(r["seconds"] for r in runs)
    ratings = sum(r["ratings"] for r in runs)
    return {"ratings": ratings, "requests": sum(r["requests"] for r in runs),
            "failures": sum(r["failures"] for r in runs), "seconds": seconds,
            "ratings_per_second": ratings / seconds,
            "p50_ms": sum(r["p50_ms"] for r in runs) / len(runs),
            "p99_ms": sum(r["p99_ms"] for r in runs) / len(runs),
            "last_failure": next((r["last_failure"] for r in runs if r["last_failure"]), None)}


def warm(base: str, path: str, tablets_file: str) -> None:
    """A short run so every worker has connected and loaded its caches."""
    load(base + path, tablets_file, 1.5, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a database the script may wipe (default: SQLite)")
    parser.add_argument("--tablets", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8, help="length of one round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, default=1, help="ratings per request")
    parser.add_argument("--interval", type=float, default=1.0,
                        help="seconds between one tablet's uploads in the paced run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = normalise_database_url(args.database_url or f"sqlite:///{folder}/bench.sqlite3",
                                     folder)
        wipe_and_migrate(url)
        tablets = arrange(url, args.tablets)
        tablets_file = os.path.join(folder, "tablets.json")
        with open(tablets_file, "w", encoding="utf-8") as file:
            json.dump(tablets, file)
        engine = make_engine(url)
        database = engine.dialect.name
        servers = []
        try:
            app, app_base = serve("wsgi:create_app()", url, args.workers, folder)
            servers.append(app)
            bare, bare_base = serve("ingestion_baseline:create_app()", url, args.workers,
                                    folder, "--chdir", str(HERE))
            servers.append(bare)
            endpoints = {"baseline": bare_base + "/baseline/ratings",
                         "app": app_base + "/api/v1/kiosk/ratings"}
            for endpoint in endpoints.values():
                load(endpoint, tablets_file, 1.5, args.batch)
            with Session(engine) as session:
                before = session.scalar(select(func.count(Rating.id)))
            runs = {"baseline": [], "app": []}
            for _ in range(args.rounds):
                for name, endpoint in endpoints.items():
                    runs[name].append(load(endpoint, tablets_file, args.seconds, args.batch))
            paced = {name: load(endpoint, tablets_file, args.seconds, args.batch, args.interval)
                     for name, endpoint in endpoints.items()}
        finally:
            for process in servers:
                os.killpg(process.pid, 15)
                process.wait(timeout=30)
        with Session(engine) as session:
            stored = session.scalar(select(func.count(Rating.id))) - before
        engine.dispose()
    base, real = combine(runs["baseline"]), combine(runs["app"])
    acknowledged = base["ratings"] + real["ratings"] + sum(p["ratings"] for p in paced.values())
    print(f"{database}: {args.tablets} tablets, {args.workers} workers, batch {args.batch}, "
          f"{args.rounds} × {args.seconds:g} s per endpoint; stored {stored:,}, "
          f"acknowledged {acknowledged:,}")
    for name, figures in (("baseline", base), ("app", real)):
        print(f"  {name:<8} {figures['ratings_per_second']:8.1f} ratings/s  "
              f"p50 {figures['p50_ms']:6.1f} ms  p99 {figures['p99_ms']:6.1f} ms  "
              f"failures {figures['failures']}")
        if figures["last_failure"]:
            print(f"  {name} last failure: {json.dumps(figures['last_failure'])[:300]}")
    ratio = real["ratings_per_second"] / base["ratings_per_second"]
    emit("ingestion, bare baseline", round(base["ratings_per_second"], 1), "ratings/s",
         database=database, note=f"p99 {base['p99_ms']:.0f} ms")
    emit("ingestion, tablet endpoint", round(real["ratings_per_second"], 1), "ratings/s",
         database=database, note=f"p50 {real['p50_ms']:.0f} ms")
    emit("ingestion throughput ratio", round(ratio, 2), "× baseline", target="≥ 0.8",
         met=ratio >= TARGET_RATIO, database=database)
    emit("ingestion p99 latency at saturation", round(real["p99_ms"], 1), "ms",
         database=database, note=f"baseline p99 {base['p99_ms']:.0f} ms")
    pace = f"{args.tablets} tablets × 1 rating every {args.interval:g} s"
    emit(f"ingestion p99 latency, {pace}", round(paced["app"]["p99_ms"], 1), "ms",
         target="< 100 ms", met=paced["app"]["p99_ms"] < TARGET_P99_MS, database=database,
         note=f"p50 {paced['app']['p50_ms']:.0f} ms; baseline p99 "
              f"{paced['baseline']['p99_ms']:.0f} ms")
    failures = sum(r["failures"] for r in (base, real, *paced.values()))
    intact = stored == acknowledged and failures == 0
    emit("ratings stored = ratings acknowledged", stored, "ratings",
         target=f"= {acknowledged:,}, no failures", met=intact, database=database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
