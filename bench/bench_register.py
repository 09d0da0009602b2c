"""Benchmark the register import (100,000 dossiers) and the reader's refusal of zip bombs.

    python bench/bench_register.py --database-url sqlite:////tmp/register.sqlite3
    python bench/bench_register.py --database-url postgresql://postgres@127.0.0.1/bench

Each measured step runs in a fresh process so its peak memory (``ru_maxrss``) is its own.
The register: a 100,000-row file (XLSX as the one-stop software exports it, and CSV) for
200 officers of one site is imported into an empty, migrated database (target: under 20 s,
memory bounded), then imported again (nothing changes). The bombs of issue 14: a small
XLSX of 3,000,000 rows and one of 3,000,000 shared strings, offered to the register import
(target: refused within a second, under 100 MB).
"""

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchrow import emit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROWS = 100_000
OFFICERS = 200
TARGET_SECONDS = 20.0
HEADER = ["Mã hồ sơ", "Thủ tục", "Lĩnh vực", "Người nộp", "Số điện thoại", "Mã cán bộ tiếp nhận",
          "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả",
          "Hình thức nộp", "Hình thức nhận kết quả", "Số hóa", "Số lần yêu cầu bổ sung",
          "Gia hạn, xin lỗi", "Ghi chú"]
PROCEDURES = ["Đăng ký khai sinh", "Chứng thực bản sao", "Cấp phiếu lý lịch tư pháp",
              "Cấp giấy chứng nhận quyền sử dụng đất", "Đăng ký doanh nghiệp"]


def rows(count: int):
    """Yield register rows: October 2026 receipts, most resolved and returned."""
    rng = random.Random(7)
    start = date(2026, 10, 1)
    for n in range(count):
        received = start + timedelta(days=rng.randrange(31))
        due = received + timedelta(days=rng.randrange(1, 10))
        resolved = received + timedelta(days=rng.randrange(0, 12)) if rng.random() < .9 else None
        returned = resolved + timedelta(days=rng.randrange(0, 3)) if resolved and \
            rng.random() < .8 else None
        day = "%d/%m/%Y"
        yield [f"000.00.20.H06-{received:%y%m%d}-{n:06d}", rng.choice(PROCEDURES), "Hộ tịch",
               f"Người nộp {n}", f"09{rng.randrange(10**8):08d}" if n % 2 else "",
               f"CB{rng.randrange(OFFICERS):04d}", received.strftime(day), due.strftime(day),
               resolved.strftime(day) if resolved else "",
               returned.strftime(day) if returned else "",
               rng.choice(["Trực tiếp", "Trực tuyến", "Bưu chính"]),
               rng.choice(["Trực tiếp", "Bưu chính"]) if returned else "",
               rng.choice(["Có", "Không"]), str(rng.randrange(3)),
               "Có" if resolved and resolved > due and rng.random() < .5 else "",
               "ghi chú" if n % 10 == 0 else ""]


def make_files(folder: Path) -> dict[str, Path]:
    """Write the register as XLSX (write-only openpyxl, as exports are) and as CSV."""
    from openpyxl import Workbook

    xlsx, text = folder / "register.xlsx", folder / "register.csv"
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows(ROWS):
        sheet.append(row)
    book.save(xlsx)
    with text.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows(ROWS))
    return {"xlsx": xlsx, "csv": text}


def prepare(url: str) -> None:
    """Migrate an empty database and add the site and its officers."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from migrations import runner as migrate
    from models import Base, Department, Officer, Site
    from models.engine import make_engine

    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    engine.dispose()
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        site, department = Site(code="BENCH", name="Trung tâm"), Department(code="D", name="Sở")
        session.add_all([site, department])
        session.flush()
        session.add_all(Officer(code=f"CB{n:04d}", full_name=f"Cán bộ {n}", site_id=site.id,
                                department_id=department.id) for n in range(OFFICERS))
        session.commit()
    assert Base
    engine.dispose()


def run_import(url: str, path: Path) -> dict:
    """Import the file once (in this process); return seconds, counts and peak memory."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from models import Site
    from models.engine import begin_write, make_engine
    from models.ops.register import (
        RegisterRejected,
        import_register,
        open_register,
        table_records,
    )
    from models.ops.register_columns import preset_columns
    from tabular import TableError

    engine = make_engine(url)
    with Session(engine) as session:
        begin_write(session)
        site_id = session.scalar(select(Site.id).where(Site.code == "BENCH"))
        started = time.perf_counter()
        try:
            with path.open("rb") as stream:
                table = open_register(path.name, stream, preset_columns("auto"))
                summary = import_register(
                    session, site_id, table_records(table), key=b"bench", zone=
                    "Asia/Ho_Chi_Minh", today=date(2026, 12, 1), filename=path.name,
                    present=frozenset(table.header.positions))
            session.commit()
            outcome = {"created": summary.created, "updated": summary.updated,
                       "unchanged": summary.unchanged}
        except (TableError, RegisterRejected) as exc:
            session.rollback()
            outcome = {"refused": getattr(exc, "code", None) or str(exc)}
        seconds = time.perf_counter() - started
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, **outcome}


def run_stream(path: Path) -> dict:
    """Read a bomb with the ratio check off: the row or string limit must stop it."""
    from dataclasses import replace

    from models.ops.register import TABLE_LIMITS
    from tabular import TableError, read_rows

    limits = replace(TABLE_LIMITS, max_ratio=10**9, max_member_bytes=2**40)
    started = time.perf_counter()
    try:
        with path.open("rb") as stream:
            for _row in read_rows(path.name, stream, limits):
                pass
        refused = None
    except TableError as exc:
        refused = exc.code
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "refused": refused}


def child(*args: str) -> dict:
    """Run this script in a fresh process for one step; return its JSON answer."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--step", choices=["import", "stream"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    from web.config import normalise_database_url

    url = normalise_database_url(args.database_url, str(ROOT / "instance"))
    if args.step == "import":
        print(json.dumps(run_import(url, Path(args.file))))
        return
    if args.step == "stream":
        print(json.dumps(run_stream(Path(args.file))))
        return
    database = "postgresql" if url.startswith("postgresql") else "sqlite"
    with tempfile.TemporaryDirectory() as folder:
        files = make_files(Path(folder))
        for kind, path in files.items():
            prepare(url)
            first = child("--database-url", url, "--step", "import", "--file", str(path))
            again = child("--database-url", url, "--step", "import", "--file", str(path))
            emit(f"register import, {ROWS:,} rows ({kind.upper()})", round(first["seconds"], 1),
                 "s", target=f"< {TARGET_SECONDS:.0f} s",
                 met=first["seconds"] < TARGET_SECONDS and first.get("created") == ROWS,
                 database=database, note=f"peak memory {first['peak_mb']:.0f} MB")
            emit(f"register re-import, same file ({kind.upper()})", round(again["seconds"], 1),
                 "s", met=None, database=database,
                 note=f"{again.get('unchanged', 0):,} unchanged; peak {again['peak_mb']:.0f} MB")
        bombs(Path(folder), url, database)


def bombs(folder: Path, url: str, database: str) -> None:
    """Offer the two bombs of issue 14 to the register import."""
    from tests.tabular.workbooks import rows_bomb, strings_bomb

    for name, make in (("3,000,000 rows", rows_bomb), ("3,000,000 shared strings",
                                                       strings_bomb)):
        path = folder / f"bomb-{make.__name__}.xlsx"
        make(path)
        answer = child("--database-url", url, "--step", "import", "--file", str(path))
        emit(f"zip bomb refused: {name} in {path.stat().st_size // 1024} KB",
             round(answer["seconds"], 3), "s", target="< 1 s, < 100 MB",
             met=answer["seconds"] < 1 and answer["peak_mb"] < 100 and "refused" in answer,
             database=database, note=f"{answer.get('refused')}; peak memory "
                                     f"{answer['peak_mb']:.0f} MB")
        if database == "sqlite":
            streamed = child("--database-url", url, "--step", "stream", "--file", str(path))
            emit(f"zip bomb, ratio check off: {name}", round(streamed["seconds"], 2), "s",
                 target="< 1 s, < 100 MB", met=streamed["seconds"] < 1
                 and streamed["peak_mb"] < 100 and streamed["refused"] is not None,
                 note=f"{streamed['refused']} while streaming; peak memory "
                      f"{streamed['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
