"""`make bench`: run every benchmark on SQLite and PostgreSQL, print one table, record it.

    .venv/bin/python bench/run.py [--only start ingestion month reports tablet security register]
                                  [--officers N --ratings-per-officer M] [--no-record]
                                  [--pg-month-database NAME]

Each benchmark script prints ``BENCH {json}`` rows (bench/benchrow.py); this collects them,
prints one table and writes it, with the date, the machine and the commands, between the
markers of the "make bench" section of docs/benchmarks.md. PostgreSQL databases are created
through PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres):
``hailong_bench_ingest`` is rebuilt on every run; ``hailong_bench_month`` (and the SQLite file
bench/.data/month.sqlite3) are seeded once with the province-sized month — the first run
takes about ten minutes more for that — and reused afterwards.
"""

import argparse
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- make bench: start -->", "<!-- make bench: end -->"
#: The province month of the targets: 1,000 officers × 1,000 ratings.
FULL_SCALE = (1000, 1000)
ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def pg_url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def ensure_database(name: str, *, fresh: bool) -> str:
    """Create the PostgreSQL database ``name`` (dropping it first when fresh); return its URL."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    return pg_url(name)


def plan(only: set[str], scale: tuple[int, int] = FULL_SCALE,
         month_database: str | None = None) -> list[tuple[str, list[str]]]:
    """Return (group, command) for every benchmark asked for, SQLite first.

    ``scale`` (officers, ratings per officer) is the province month's size; a smaller one
    is seeded into databases of its own (for developing on a shared machine), and
    ``month_database`` names the PostgreSQL database of the month (one engineer's own on a
    shared server).
    """
    suffix = "" if scale == FULL_SCALE else f"_{scale[0]}x{scale[1]}"
    month_sqlite = HERE / ".data" / f"month{suffix}.sqlite3"
    month_sqlite.parent.mkdir(exist_ok=True)
    sizes = ["--officers", str(scale[0]), "--ratings-per-officer", str(scale[1])]
    steps = []
    if "start" in only:
        steps.append(("start", ["cli_start.py"]))
    if "tablet" in only:
        steps.append(("tablet", ["tablet_page_weight.py"]))
    if "security" in only:
        steps.append(("security", ["login_timing.py"]))
    if "register" in only:
        steps.append(("register", ["bench_register.py", "--database-url",
                                   f"sqlite:///{HERE / '.data' / 'register.sqlite3'}"]))
        steps.append(("register", ["bench_register.py", "--database-url",
                                   ensure_database("hailong_bench_register", fresh=True)]))
    if "ingestion" in only:
        steps.append(("ingestion", ["ingestion.py"]))
        steps.append(("ingestion", ["ingestion.py", "--database-url",
                                    ensure_database("hailong_bench_ingest", fresh=True)]))
        steps.append(("ingestion", ["rating_triggers.py"]))
        steps.append(("ingestion", ["rating_triggers.py", "--database-url",
                                    ensure_database("hailong_bench_triggers", fresh=True)]))
        steps.append(("ingestion", ["intake_statements.py"]))
        steps.append(("ingestion", ["intake_statements.py", "--database-url",
                                    ensure_database("hailong_bench_intake", fresh=True)]))
    for database in ("sqlite", "postgresql"):
        url = (f"sqlite:///{month_sqlite}" if database == "sqlite"
               else ensure_database(month_database or f"hailong_bench_month{suffix}",
                                    fresh=False))
        if "month" in only:
            steps.append(("month", ["bench_month.py", "--database-url", url, "--seed", *sizes]))
        if "reports" in only:
            steps.append(("reports", ["bench_reports.py", "--database-url", url, "--seed",
                                      *sizes]))
    return steps


def run(script: list[str]) -> list[dict]:
    """Run one benchmark, echoing its output; return its BENCH rows."""
    shown = " ".join(["bench/" + script[0], *script[1:]])
    print(f"\n== {shown}", flush=True)
    process = subprocess.Popen([sys.executable, str(HERE / script[0]), *script[1:]], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    rows = []
    for line in process.stdout:
        if line.startswith("BENCH "):
            rows.append(json.loads(line[6:]))
        else:
            print(line, end="", flush=True)
    if process.wait() != 0 and not rows:
        rows.append({"name": f"{shown} failed (exit {process.returncode})", "database": None,
                     "figure": "—", "unit": "", "target": None, "met": False, "note": ""})
    return rows


def table(rows: list[dict]) -> str:
    """Return the rows as a Markdown table."""
    lines = ["| benchmark | database | figure | target | met | note |",
             "|---|---|---:|---|---|---|"]
    for r in rows:
        figure = f"{r['figure']:,}" if isinstance(r["figure"], int | float) else r["figure"]
        met = {True: "**met**", False: "**missed**", None: "—"}[r["met"]]
        database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(r["database"], "—")
        lines.append(f"| {r['name']} | {database} | {figure} {r['unit']} | "
                     f"{r['target'] or '—'} | {met} | {r['note']} |")
    return "\n".join(lines)


def machine() -> str:
    """Describe the machine the figures come from."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    with psycopg.connect(ADMIN_URL) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} × {cpu}, {memory / 2**20:.0f} GiB RAM, "
            f"{platform.freedesktop_os_release().get('PRETTY_NAME', platform.system())}; "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"PostgreSQL {pg.split()[0]} on the same host; load average {load:.1f} at the end")


def record(text: str) -> None:
    """Replace the make bench section of docs/benchmarks.md with text."""
    doc = DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    DOC.write_text(pattern.sub(lambda _m: f"{START}\n{text}\n{END}", doc), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    groups = ["start", "tablet", "ingestion", "month", "reports", "security", "register"]
    parser.add_argument("--only", nargs="+", choices=groups, default=groups)
    parser.add_argument("--no-record", action="store_true", help="leave docs/benchmarks.md")
    parser.add_argument("--officers", type=int, default=FULL_SCALE[0],
                        help="officers of the province month (default 1,000)")
    parser.add_argument("--ratings-per-officer", type=int, default=FULL_SCALE[1],
                        help="ratings per officer of the province month (default 1,000)")
    parser.add_argument("--pg-month-database", metavar="NAME",
                        help="PostgreSQL database of the month (default hailong_bench_month…)")
    args = parser.parse_args()
    scale = (args.officers, args.ratings_per_officer)
    rows = []
    for _group, script in plan(set(args.only), scale, args.pg_month_database):
        rows += run(script)
    sized = "" if scale == FULL_SCALE else (f" --officers {scale[0]} --ratings-per-officer "
                                            f"{scale[1]}")
    text = "\n".join([
        f"Run {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with "
        f"`make bench` (`bench/run.py --only {' '.join(args.only)}{sized}`)"
        + ("." if scale == FULL_SCALE else
           f" — a reduced province month ({scale[0]:,} officers × {scale[1]:,} ratings), "
           "not the target's size."),
        f"Machine: {machine()}.", "", table(rows)])
    print("\n" + text)
    if not args.no_record:
        record(text)
        print(f"\nrecorded in {DOC.relative_to(ROOT)}")
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
