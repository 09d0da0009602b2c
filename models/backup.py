"""Back up and restore the whole database as one archive, with a manifest to check it by.

An archive (``hailong-YYYYMMDD-HHMMSS.tar.gz``) holds ``manifest.json`` and the database:
``database.dump`` (``pg_dump`` custom format) or ``database.sqlite3`` (SQLite's online backup).
The manifest records the schema revision, every table's row count and the digest of every
closed month's snapshot, all read from the same snapshot of the database as the dump, so a
restore can prove it brought back exactly what was saved.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session

from models.audit import AuditChainHead
from models.base import Base
from models.engine import make_engine
from models.evaluation import EvaluationMonth
from models.ops.audit import HEAD_ID, verify_chain
from models.queries.closed_months import check_closed_months, snapshot_digest

BACKUP_FORMAT = "hailong.backup/1"
MANIFEST = "manifest.json"
PG_MEMBER, SQLITE_MEMBER = "database.dump", "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why in one sentence."""


@dataclass(frozen=True)
class Manifest:
    """What an archive holds, to check a restored database against."""

    format: str
    created_at: str
    app_version: str
    database: str
    revision: str | None
    tables: dict[str, int]
    closed_months: dict[str, str]
    #: The audit hash chain's head when the backup was taken: [sequence number, hash].
    audit_head: list | None = None


def describe(connection: Connection, *, app_version: str) -> Manifest:
    """Return the manifest of the database as ``connection`` sees it (one snapshot)."""
    with Session(bind=connection) as session:
        tables = {table.name: session.scalar(select(func.count()).select_from(table))
                  for table in Base.metadata.sorted_tables}
        months = {row.period: snapshot_digest(row.snapshot) for row in session.scalars(
            select(EvaluationMonth).where(EvaluationMonth.status == "closed")
            .order_by(EvaluationMonth.period))}
        head = session.get(AuditChainHead, HEAD_ID)
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return Manifest(BACKUP_FORMAT, datetime.now(UTC).isoformat(timespec="seconds"), app_version,
                    connection.dialect.name, revision, tables, months,
                    [head.seq, head.hash] if head else [0, ""])


def write_backup(engine: Engine, directory: Path, *, app_version: str) -> tuple[Path, Manifest]:
    """Write an archive of the database into ``directory`` and return its path and manifest.

    The archive is written under a temporary name and renamed when complete, so a crash never
    leaves a file that looks finished.

    :raises BackupError: when the dump tool fails or is missing.
    """
    directory.mkdir(parents=True, exist_ok=True)
    name = f"hailong-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work = Path(work)
        if engine.dialect.name == "postgresql":
            member, manifest = work / PG_MEMBER, _dump_postgres(engine, work / PG_MEMBER,
                                                                app_version)
        else:
            member, manifest = work / SQLITE_MEMBER, _copy_sqlite(engine, work / SQLITE_MEMBER,
                                                                  app_version)
        (work / MANIFEST).write_text(json.dumps(asdict(manifest), indent=1, ensure_ascii=False),
                                     encoding="utf-8")
        partial = work / name
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, MANIFEST)
            archive.add(member, member.name)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        target = directory / name
        os.replace(partial, target)
    return target, manifest


def _dump_postgres(engine: Engine, out: Path, app_version: str) -> Manifest:
    """Dump with pg_dump from the same snapshot the manifest is read from."""
    with engine.connect() as connection:
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar()
        manifest = describe(connection, app_version=app_version)
        _run_tool(["pg_dump", "--format=custom", "--compress=0", "--no-owner", "--no-acl",
                   f"--snapshot={snapshot}", f"--file={out}", "--dbname", _libpq_url(engine)],
                  engine)
        connection.rollback()
    return manifest


def _copy_sqlite(engine: Engine, out: Path, app_version: str) -> Manifest:
    """Copy with SQLite's online backup (consistent while the app writes), then describe it."""
    source = sqlite3.connect(engine.url.database)
    target = sqlite3.connect(out)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    copy = make_engine(f"sqlite:///{out}")
    try:
        with copy.connect() as connection:
            return describe(connection, app_version=app_version)
    finally:
        copy.dispose()


def read_manifest(archive: Path) -> Manifest:
    """Return the manifest of an archive.

    :raises BackupError: when the file is not a Hài Lòng backup.
    """
    try:
        with tarfile.open(archive, "r:gz") as tar:
            data = json.loads(tar.extractfile(MANIFEST).read().decode("utf-8"))
        manifest = Manifest(**data)
    except (OSError, KeyError, AttributeError, TypeError, ValueError, tarfile.TarError) as exc:
        raise BackupError(f"{archive} is not a Hài Lòng backup ({exc})") from None
    if manifest.format != BACKUP_FORMAT:
        raise BackupError(f"{archive}: unknown backup format {manifest.format!r}")
    return manifest


def restore_backup(archive: Path, url: str, *, replace: bool,
                   known_revision: Callable[[str], bool]) -> Manifest:
    """Put the archive's database in place at ``url``, all at once or not at all.

    The target's kind must match the archive's (PostgreSQL or SQLite). A target that holds
    data is refused unless ``replace``; then the whole old database is replaced. A PostgreSQL
    restore runs in one transaction (the old data stays if it fails); a SQLite file is written
    beside the target and renamed over it. Stop the app servers first.

    ``known_revision`` says whether a schema revision is one of this release's migrations
    (the caller passes migrations.runner.known_revision: models/ does not import migrations/).

    :raises BackupError: with the reason, before anything is changed.
    """
    manifest = read_manifest(archive)
    kind = make_url(url).get_backend_name()
    if kind != manifest.database:
        raise BackupError(f"the backup is of a {manifest.database} database; "
                          f"DATABASE_URL is {kind}")
    if manifest.revision and not known_revision(manifest.revision):
        raise BackupError(f"the backup's schema revision {manifest.revision} is newer than "
                          "this release knows: install the release that made it")
    engine = make_engine(url)
    try:
        if not replace and _holds_data(engine):
            raise BackupError("the target database already holds data; add --replace to "
                              "replace all of it with the backup")
        with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
            member = PG_MEMBER if kind == "postgresql" else SQLITE_MEMBER
            tar.extract(member, work, filter="data")
            if kind == "postgresql":
                _restore_postgres(engine, Path(work) / member)
            else:
                engine.dispose()
                _restore_sqlite(Path(work) / member, Path(engine.url.database))
    finally:
        engine.dispose()
    return manifest


def _holds_data(engine: Engine) -> bool:
    """Return whether any of the app's tables in the database has a row."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return any(connection.execute(select(table).limit(1)).first() is not None
                   for table in Base.metadata.sorted_tables if table.name in present)


def _restore_postgres(engine: Engine, dump: Path) -> None:
    """Replace the public schema with the dump's contents in one transaction (psql)."""
    script = _run_tool(["pg_restore", "--no-owner", "--no-acl", "--file=-", str(dump)], engine,
                       capture=True)
    prologue = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
    _run_tool(["psql", "--quiet", "--no-psqlrc", "--single-transaction",
               "--set=ON_ERROR_STOP=1", "--output=/dev/null", "--dbname", _libpq_url(engine)],
              engine, stdin=prologue + script)


def _restore_sqlite(copy: Path, target: Path) -> None:
    """Move the copy over the target file and drop the old file's WAL beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(copy, staged)
    with open(staged, "rb") as handle:
        os.fsync(handle.fileno())
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)


def verify_restored(url: str, manifest: Manifest, *, zone: str) -> list[str]:
    """Return every difference between the database at ``url`` and the manifest (none: good).

    Compared: the schema revision, every table's row count, every closed month's snapshot
    digest, and that every closed month reproduces its results from its frozen inputs.
    """
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            found = describe(connection, app_version=manifest.app_version)
        problems = []
        if found.revision != manifest.revision:
            problems.append(f"schema revision {found.revision}, expected {manifest.revision}")
        for table, count in sorted(manifest.tables.items()):
            if found.tables.get(table) != count:
                problems.append(f"table {table}: {found.tables.get(table)} rows, "
                                f"expected {count}")
        for period in sorted(found.closed_months.keys() | manifest.closed_months.keys()):
            if found.closed_months.get(period) != manifest.closed_months.get(period):
                problems.append(f"closed month {period}: its snapshot differs from the backup's")
        with Session(engine) as session:
            problems += [f"closed month {check.period} does not reproduce its results"
                         for check in check_closed_months(session, zone) if not check.reproduces]
            problems += _chain_problems(session, manifest)
        return problems
    finally:
        engine.dispose()


def _chain_problems(session, manifest: Manifest) -> list[str]:
    """Return why the restored audit log's hash chain does not hold, or ends elsewhere than
    the backup's did (none: it holds, up to the same head)."""
    seq, digest = manifest.audit_head or (0, "")
    report = verify_chain(session, expect=[(seq, digest)] if seq else ())
    if not report.intact:
        return [f"the audit log's hash chain is broken at entry {report.broken_seq}: "
                f"{report.problem}"]
    if (report.head_seq, report.head_hash) != (seq, digest):
        return [f"the audit log ends at entry {report.head_seq}, the backup's at {seq}"]
    return []


def prune_backups(directory: Path, keep_days: int, now: datetime) -> list[Path]:
    """Delete archives in ``directory`` older than ``keep_days`` days; return what went.

    The newest archive is always kept, however old, so pruning never leaves no backup.
    """
    archives = sorted(directory.glob("hailong-*.tar.gz"))
    cutoff = now.timestamp() - keep_days * 86400
    gone = [path for path in archives[:-1] if path.stat().st_mtime < cutoff]
    for path in gone:
        path.unlink()
    return gone


def _libpq_url(engine: Engine) -> str:
    """Return the engine's URL for libpq tools, without the password (given in PGPASSWORD)."""
    url = engine.url.set(drivername="postgresql", password=None)
    return url.render_as_string(hide_password=False)


def _run_tool(args: list[str], engine: Engine, *, stdin: bytes | None = None,
              capture: bool = False) -> bytes:
    env = dict(os.environ)
    if engine.url.password:
        env["PGPASSWORD"] = str(engine.url.password)
    try:
        done = subprocess.run(args, input=stdin, env=env, check=False,  # noqa: S603
                              stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise BackupError(f"{args[0]} is not installed: install the PostgreSQL client tools "
                          "of the server's version (Debian: postgresql-client)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BackupError(f"{args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout or b""
