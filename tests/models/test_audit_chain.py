"""The audit log shows tampering: the database refuses changes (INSERT OR REPLACE on SQLite,
TRUNCATE on PostgreSQL included), every entry is sealed into a hash chain that concurrent
writers never fork, and `hailong audit verify` names the first broken link."""

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models import AuditChainHead, AuditEntry
from models.ops.audit import link_hash, record_audit, verify_chain
from tests.conftest import postgres_url


def write_entries(db, count, **fields):
    for number in range(count):
        record_audit(db, action=fields.get("action", "test.entry"), actor="tester",
                     note=f"số {number}", after={"n": number, "tên": "Nguyễn"})
    db.commit()


def superuser(db, statement):
    """Run statement as someone who switched the triggers off (a database administrator)."""
    if postgres_url():
        db.execute(text("SET LOCAL session_replication_role = replica"))
        db.execute(text(statement))
    else:
        names = db.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name IN ('audit_log', 'audit_chain_head')")).all()
        for name in names:
            db.execute(text(f"DROP TRIGGER {name}"))
        db.execute(text(statement))
    db.commit()


def test_entries_are_chained_in_commit_order_and_verify(db):
    write_entries(db, 5)
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.chain_seq)).all()
    assert [entry.chain_seq for entry in entries] == [1, 2, 3, 4, 5]
    assert entries[1].chain_hash == link_hash(entries[0].chain_hash, 2, [
        entries[1].at.isoformat(timespec="microseconds"), None, "tester", None, "test.entry",
        None, None, None, {"n": 1, "tên": "Nguyễn"}, "số 1"])
    head = db.get(AuditChainHead, 1)
    assert (head.seq, head.hash) == (5, entries[-1].chain_hash)
    report = verify_chain(db)
    assert report.intact and report.checked == 5


def test_a_rolled_back_entry_leaves_no_link(db):
    record_audit(db, action="test.lost", actor="tester")
    db.rollback()
    write_entries(db, 1)
    assert db.scalars(select(AuditEntry.chain_seq)).all() == [1]


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET actor = 'someone else'",
    "DELETE FROM audit_log",
    "UPDATE audit_chain_head SET seq = 0",
    "DELETE FROM audit_chain_head",
])
def test_the_database_refuses_changes_and_removals(db, statement):
    write_entries(db, 2)
    with pytest.raises(DBAPIError, match=r"append-only|only moves forward"):
        db.execute(text(statement))
    db.rollback()


def test_sqlite_refuses_insert_or_replace_and_postgresql_refuses_truncate(db):
    write_entries(db, 2)
    if postgres_url():
        for table in ("audit_log", "audit_chain_head"):
            with pytest.raises(DBAPIError, match=r"append-only|only moves forward"):
                db.execute(text(f"TRUNCATE {table} CASCADE"))
            db.rollback()
        with pytest.raises(DBAPIError, match="append-only"):
            db.execute(text("INSERT INTO audit_log (id, at, actor, action, chain_seq, "
                            "chain_hash) VALUES (1, now(), 'x', 'y', 1, 'h') ON CONFLICT (id) "
                            "DO UPDATE SET actor = 'x'"))
        db.rollback()
    else:
        for key in ("id", "chain_seq"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.execute(text(
                    "INSERT OR REPLACE INTO audit_log (id, at, actor, action, chain_seq, "
                    "chain_hash) VALUES (:id, CURRENT_TIMESTAMP, 'x', 'y', :seq, 'h')"),
                    {"id": 1 if key == "id" else 99, "seq": 1 if key == "chain_seq" else 99})
            db.rollback()
    assert db.scalar(select(func.count(AuditEntry.id))) == 2
    assert verify_chain(db).intact


@pytest.mark.parametrize("tamper, broken_seq, problem", [
    ("UPDATE audit_log SET note = 'sửa lại' WHERE chain_seq = 3", 3, "differs"),
    ("UPDATE audit_log SET actor = 'ai đó' WHERE chain_seq = 2", 2, "differs"),
    ("DELETE FROM audit_log WHERE chain_seq = 2", 3, "missing"),
    ("UPDATE audit_log SET chain_seq = chain_seq + 100 WHERE chain_seq = 4", 5, "missing"),
    ("DELETE FROM audit_log WHERE chain_seq >= 4", None, "removed"),
])
def test_verify_names_the_first_link_that_no_longer_holds(db, tamper, broken_seq, problem):
    write_entries(db, 5)
    superuser(db, tamper)
    report = verify_chain(db)
    assert not report.intact and report.broken_seq == broken_seq and problem in report.problem


def test_a_log_rewritten_and_rehashed_from_the_start_is_caught_by_a_kept_head(db, runner):
    write_entries(db, 4)
    shown = runner.invoke(args=["audit", "verify"])
    assert shown.exit_code == 0 and "4 entries" in shown.output
    head = shown.output.split("Head: ")[1].strip()
    superuser(db, "UPDATE audit_log SET note = 'viết lại' WHERE chain_seq = 2")
    previous = db.scalar(select(AuditEntry.chain_hash).where(AuditEntry.chain_seq == 1))
    for entry in db.scalars(select(AuditEntry).where(AuditEntry.chain_seq >= 2)
                            .order_by(AuditEntry.chain_seq)).all():
        from models.ops.audit import entry_content
        forged = link_hash(previous, entry.chain_seq, entry_content(entry))
        superuser(db, f"UPDATE audit_log SET chain_hash = '{forged}' WHERE id = {entry.id}")
        previous = forged
    superuser(db, f"UPDATE audit_chain_head SET hash = '{previous}'")
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0  # consistent in itself
    caught = runner.invoke(args=["audit", "verify", "--expect", head])
    assert caught.exit_code == 1 and "re-hashed" in caught.output


def test_the_command_names_the_broken_entry_and_fails(db, runner):
    write_entries(db, 3)
    superuser(db, "UPDATE audit_log SET note = 'khác' WHERE chain_seq = 2")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "entry 2" in result.output and "does not match" in result.output
    assert "Entries before it check out: 1." in result.output


def test_concurrent_writers_append_one_after_the_other_and_never_fork(app):
    engine = app.extensions["hailong.db"].engine
    from models.engine import begin_write

    def writer(number):
        for round_ in range(5):
            with Session(engine) as session:
                begin_write(session)
                record_audit(session, action="test.concurrent", actor=f"writer {number}",
                             note=f"round {round_}")
                session.commit()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with Session(engine) as session:
        seqs = session.scalars(select(AuditEntry.chain_seq).order_by(AuditEntry.chain_seq)).all()
        assert seqs == list(range(1, 21))
        assert verify_chain(session).intact
