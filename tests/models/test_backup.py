"""`hailong backup` / `hailong restore`: the round trip brings back every row and closed month."""

import io
import json
import os
import tarfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from models import AuditEntry, Rating
from models.backup import prune_backups
from models.engine import make_engine
from tests.conftest import postgres_url


@pytest.fixture
def archive(runner, tmp_path):
    """A backup of a demo database with two closed months."""
    seeded = runner.invoke(args=["seed-demo", "--officers", "6", "--months", "2",
                                 "--ratings-per-officer", "15", "--until", "2026-10-31"])
    assert seeded.exit_code == 0, seeded.output
    for period in ("2026-09", "2026-10"):
        closed = runner.invoke(args=["month", "close", "--month", period])
        assert closed.exit_code == 0, closed.output
    result = runner.invoke(args=["backup", "--dir", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    (path,) = (tmp_path / "backups").glob("hailong-*.tar.gz")
    return path


def count(url, entity):
    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(select(func.count()).select_from(entity.__table__)).scalar()
    engine.dispose()
    return found


def test_a_backup_restores_every_row_and_closed_month(runner, archive, scratch_database_url, db):
    result = runner.invoke(args=["restore", str(archive), "--database-url", scratch_database_url])
    assert result.exit_code == 0, result.output
    assert "all 2 closed months reproduce their results" in result.output
    assert "audit log's hash chain holds" in result.output
    assert count(scratch_database_url, Rating) == db.scalar(select(func.count(Rating.id))) > 0
    assert count(scratch_database_url, AuditEntry) == db.scalar(select(func.count(AuditEntry.id)))


def test_the_manifest_lists_tables_and_closed_months(archive):
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["format"] == "hailong.backup/1"
    assert set(manifest["closed_months"]) == {"2026-09", "2026-10"}
    assert manifest["tables"]["ratings"] > 0
    assert names == {"manifest.json", "database.dump" if postgres_url() else "database.sqlite3"}


def test_a_restore_that_differs_from_its_manifest_fails_loudly(runner, archive, tmp_path,
                                                              scratch_database_url):
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["tables"]["ratings"] += 1
                manifest["closed_months"]["2026-10"] = "0" * 64
                manifest["audit_head"][1] = "f" * 64
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    result = runner.invoke(args=["restore", str(tampered), "--database-url", scratch_database_url])
    assert result.exit_code == 1
    assert "table ratings:" in result.output
    assert "closed month 2026-10: its snapshot differs" in result.output
    assert "the audit log's hash chain is broken" in result.output


def test_a_database_holding_data_is_replaced_only_when_asked(runner, archive, database_url):
    refused = runner.invoke(args=["restore", str(archive), "--database-url", database_url])
    assert refused.exit_code == 1 and "--replace" in refused.output
    replaced = runner.invoke(args=["restore", str(archive), "--database-url", database_url,
                                   "--replace"])
    assert replaced.exit_code == 0, replaced.output


def test_a_file_that_is_not_a_backup_is_refused(runner, tmp_path, scratch_database_url):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a backup")
    result = runner.invoke(args=["restore", str(junk), "--database-url", scratch_database_url])
    assert result.exit_code == 1 and "is not a Hài Lòng backup" in result.output


def test_a_backup_of_the_other_kind_of_database_is_refused(runner, archive, tmp_path):
    other = (f"sqlite:///{tmp_path / 'other.sqlite3'}" if postgres_url()
             else "postgresql://postgres@127.0.0.1:5432/postgres")
    result = runner.invoke(args=["restore", str(archive), "--database-url", other])
    assert result.exit_code == 1 and "DATABASE_URL is" in result.output


def test_pruning_keeps_the_newest_archive_however_old(tmp_path):
    for day in (1, 2, 3):
        path = tmp_path / f"hailong-2026010{day}-000000.tar.gz"
        path.write_bytes(b"x")
        os.utime(path, (0, 86400 * day))
    gone = prune_backups(tmp_path, 30, datetime.now(UTC))
    assert [p.name for p in gone] == ["hailong-20260101-000000.tar.gz",
                                      "hailong-20260102-000000.tar.gz"]
    assert [p.name for p in tmp_path.iterdir()] == ["hailong-20260103-000000.tar.gz"]
