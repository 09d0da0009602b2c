"""`hailong month …` and `hailong import-dossiers` on the demo's months."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import AuditEntry, DossierStat, EvaluationMonth, MonthEvent

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "dossier-stats-2026-10.csv"


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo", "--officers", "12", "--months", "2",
                                 "--ratings-per-officer", "12", "--until", "2026-10-31"])
    assert result.exit_code == 0, result.output


def test_the_demos_month_shows_closes_and_reopens(runner, db, demo):
    shown = runner.invoke(args=["month", "show", "--month", "2026-09"])
    assert shown.exit_code == 0, shown.output
    assert "open (live draft)" in shown.output and "12 officers" in shown.output
    closed = runner.invoke(args=["month", "close", "--month", "2026-09", "--by", "lanhdao"])
    assert closed.exit_code == 0, closed.output
    assert "Closed 2026-09: 12 officers evaluated" in closed.output
    frozen = runner.invoke(args=["month", "show", "--month", "2026-09", "--json"])
    data = json.loads(frozen.stdout)
    assert data["status"] == "closed" and data["frozen"] is True
    assert len(data["result"]["officers"]) == 12
    reopened = runner.invoke(args=["month", "reopen", "--month", "2026-09", "--by", "lanhdao",
                                   "--reason", "Bổ sung số liệu hồ sơ"])
    assert reopened.exit_code == 0, reopened.output
    assert db.get(EvaluationMonth, "2026-09").status == "open"
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "month")
                         .order_by(AuditEntry.id)).all()
    assert actions == ["month.close", "month.reopen"]
    assert db.scalar(select(MonthEvent.reason).where(MonthEvent.action == "reopen")) == (
        "Bổ sung số liệu hồ sơ")


def test_reopening_from_the_cli_needs_a_leader_account(runner, db, demo):
    runner.invoke(args=["month", "close", "--month", "2026-09"])
    refused = runner.invoke(args=["month", "reopen", "--month", "2026-09", "--by", "nhansu",
                                  "--reason", "x"])
    assert refused.exit_code == 1 and "only a leader may reopen" in refused.output
    assert db.get(EvaluationMonth, "2026-09").status == "closed"


def test_a_running_month_cannot_be_closed(runner, demo):
    result = runner.invoke(args=["month", "close", "--month", "2099-01"])
    assert result.exit_code == 1 and "has not ended" in result.output


def test_show_filters_by_site_and_refuses_unknown_codes(runner, demo):
    site = runner.invoke(args=["month", "show", "--month", "2026-10", "--site", "KINHBAC"])
    assert site.exit_code == 0 and "Kinh Bắc" in site.output
    assert "tỉnh Bắc Ninh /" not in site.output
    unknown = runner.invoke(args=["month", "show", "--month", "2026-10", "--site", "NOPE"])
    assert unknown.exit_code == 1 and "no site" in unknown.output
    bad = runner.invoke(args=["month", "show", "--month", "10/2026"])
    assert bad.exit_code == 1 and "YYYY-MM" in bad.output


def test_import_dossiers_loads_the_sample_and_audits(runner, db, demo):
    result = runner.invoke(args=["import-dossiers", str(SAMPLE), "--month", "2026-10"])
    assert result.exit_code == 0, result.output
    assert "Imported 5 officers' dossier figures for 2026-10" in result.output
    assert "Ignored columns: Họ và tên" in result.output
    assert db.scalar(select(func.count(DossierStat.id))
                     .where(DossierStat.period == "2026-10")) == 5
    assert db.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
        "dossiers.import")


def test_import_dossiers_lists_row_problems_and_writes_nothing(runner, db, demo, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("officer_code,received,early,on_time,late,digitised\n"
                   "CB0001,1,1,0,0,1\nCB9999,1,1,0,0,x\n", encoding="utf-8")
    result = runner.invoke(args=["import-dossiers", str(bad), "--month", "2026-10"])
    assert result.exit_code == 1
    assert "row 3: digitised must be a whole number" in result.output
    assert "bad.csv was not imported" in result.output
    assert db.scalar(select(func.count(DossierStat.id))
                     .where(DossierStat.period == "2026-10")) == 0


def test_the_annual_roll_up_reads_closed_months(runner, demo):
    assert runner.invoke(args=["month", "annual", "--year", "2026"]).exit_code == 1
    runner.invoke(args=["month", "close", "--month", "2026-09"])
    result = runner.invoke(args=["month", "annual", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "2026: months 2026-09" in result.output and "Not closed, left out:" in result.output
