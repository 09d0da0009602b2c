"""The server's clock: the system clock unless a test puts a callable in CLOCK; nothing else
can set it."""

from datetime import UTC, datetime, timedelta

import pytest

from models.base import utcnow
from tests.kiosk.tablet_support import frozen_now_fixture, paired_fixture  # noqa: F401
from web.clock import server_now

MOMENT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_unset_it_is_the_system_clock(app):
    with app.app_context():
        before = utcnow()
        now = server_now()
        assert before <= now <= utcnow()


def test_a_test_moves_it_through_the_config(app):
    app.config["CLOCK"] = lambda: MOMENT
    with app.app_context():
        assert server_now() == MOMENT


@pytest.mark.parametrize("value", ["2026-11-02T09:30:00Z", 1700000000])
def test_a_clock_from_the_environment_is_refused_at_start(build_app, app_config, monkeypatch,
                                                           value):
    monkeypatch.setenv("HAILONG_CLOCK", str(value))
    with pytest.raises(ValueError, match="CLOCK must be a callable"):
        build_app(app_config)


def test_the_tablet_is_told_the_server_clock(app, client, paired):
    app.config["CLOCK"] = lambda: MOMENT + timedelta(minutes=5)
    state = client.get("/api/v1/kiosk/state", headers=paired.headers).json
    assert state["server_time"] == (MOMENT + timedelta(minutes=5)).isoformat()
