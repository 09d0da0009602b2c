"""A view that meets a deadlock runs again inside the request instead of answering 503."""

import pytest
from sqlalchemy.exc import OperationalError

from web import retry


class DriverError(Exception):
    """What psycopg raises, reduced to its SQLSTATE."""

    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def failing(times: int, sqlstate: str, calls: list):
    def view():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("INSERT …", {}, DriverError(sqlstate))
        return "stored"
    return view


@pytest.fixture
def no_pause(monkeypatch):
    monkeypatch.setattr(retry, "PAUSE", 0)


@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])  # deadlock, serialisation failure
def test_a_deadlocked_view_runs_again_until_it_succeeds(app, no_pause, sqlstate):
    calls = []
    with app.test_request_context():
        assert retry.retrying(failing(2, sqlstate, calls))() == "stored"
    assert len(calls) == 3


def test_other_database_errors_are_not_run_again(app, no_pause):
    calls = []
    with app.test_request_context(), pytest.raises(OperationalError):
        retry.retrying(failing(1, "08006", calls))()  # connection failure: a real outage
    assert len(calls) == 1


def test_after_the_last_attempt_the_error_stands(app, no_pause):
    calls = []
    with app.test_request_context(), pytest.raises(OperationalError):
        retry.retrying(failing(99, "40P01", calls))()
    assert len(calls) == retry.ATTEMPTS


def test_every_view_of_the_app_is_wrapped_and_keeps_its_marks(app):
    for endpoint, view in app.view_functions.items():
        assert view.__code__ is retry.retrying(lambda: None).__code__, endpoint
    assert app.view_functions["kiosk.tablet_page"].without_database
    assert app.view_functions["api.upload_ratings"].body_limit == 2 * 1024 * 1024
    assert app.view_functions["admin.audit_log"].allowed_roles == ("admin", "leader")
