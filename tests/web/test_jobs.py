"""Scheduled jobs: each run recorded, failures recorded, one run at a time, /healthz watching."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models.jobs import JobRun
from web.config import ConfigError
from web.jobs import _only_run


def job(db, name):
    db.rollback()
    return db.scalar(select(JobRun).where(JobRun.name == name))


def test_a_good_run_is_recorded_with_what_it_did(runner, db):
    result = runner.invoke(args=["kiosk", "close-sign-ins"])
    assert result.exit_code == 0, result.output
    run = job(db, "close-sign-ins")
    assert run.status == "ok" and run.last_ok_at == run.finished_at
    assert run.detail == "Signed out 0 officer(s) at closing time."


def test_a_failed_run_is_recorded_and_keeps_the_last_good_time(app, runner, db):
    runner.invoke(args=["dashboard", "refresh", "--months", "1"])
    good = job(db, "dashboard-refresh").last_ok_at
    app.config["SMTP_HOST"] = ""
    result = runner.invoke(args=["alerts", "mail"])
    assert result.exit_code == 1
    assert job(db, "alerts-mail").status == "failed"
    assert "SMTP_HOST" in job(db, "alerts-mail").detail
    assert job(db, "dashboard-refresh").last_ok_at == good


def test_a_run_while_another_holds_the_job_does_nothing(app, runner, db):
    held, release = threading.Event(), threading.Event()

    def hold():
        with _only_run(app.extensions["hailong.db"].engine, "close-sign-ins") as mine:
            assert mine
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        result = runner.invoke(args=["kiosk", "close-sign-ins"])
    finally:
        release.set()
        holder.join()
    assert result.exit_code == 0
    assert "already running" in result.output
    assert job(db, "close-sign-ins") is None


def test_healthz_lists_the_jobs_and_is_ok_while_none_is_overdue(app, client, runner):
    app.config["SCHEDULED_JOBS"] = {"close-sign-ins": 600}
    runner.invoke(args=["kiosk", "close-sign-ins"])
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    entry = body["jobs"]["close-sign-ins"]
    assert entry["status"] == "ok" and entry["overdue"] is False
    assert 0 <= entry["age_seconds"] < 600 and entry["max_age_seconds"] == 600


def test_healthz_is_degraded_when_a_watched_job_never_ran(app, client):
    app.config["SCHEDULED_JOBS"] = {"backup": 93600}
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "degraded"
    assert body["jobs"]["backup"] == {"status": "never", "last_ok_at": None,
                                      "age_seconds": None, "max_age_seconds": 93600,
                                      "overdue": True, "detail": ""}


def test_healthz_is_degraded_when_the_last_good_run_is_too_old(app, client, runner, db):
    app.config["SCHEDULED_JOBS"] = {"close-sign-ins": 600}
    runner.invoke(args=["kiosk", "close-sign-ins"])
    run = job(db, "close-sign-ins")
    run.last_ok_at = datetime.now(UTC) - timedelta(seconds=601)
    db.commit()
    body = client.get("/healthz").get_json()
    assert body["status"] == "degraded" and body["jobs"]["close-sign-ins"]["overdue"] is True


@pytest.mark.parametrize("value", [[], {"backup": "1 day"}, {"backup": 0}, {"backup": True}])
def test_a_malformed_job_schedule_stops_start_up(build_app, app_config, value):
    with pytest.raises(ConfigError, match="SCHEDULED_JOBS"):
        build_app({**app_config, "SCHEDULED_JOBS": value})
