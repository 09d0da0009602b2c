"""compute_year: a year made of closed months and closed quarters, each month counted once."""

from datetime import UTC, date, datetime

import pytest

from models import DossierStat, TaskAssignment
from models.queries.year import compute_year
from tests.monthdata import (
    ZONE,
    close_with_leader_scores,
    local,
    quarterly_from,
    rate,
    with_decree_rubric,
)

NOW = datetime(2027, 2, 1, tzinfo=UTC)


@pytest.fixture
def overlap(db, questionnaire, make_officer, make_user):
    """October closed monthly, then the rubric turned quarterly from 1 October: Q4 closed too.

    September is closed monthly as well and stays on its own.
    """
    hoa = make_officer(full_name="Nguyễn Thị Hoa")
    leader = make_user("leader")
    with_decree_rubric(db)
    for month in ("2026-09", "2026-10", "2026-11", "2026-12"):
        db.add(DossierStat(officer_id=hoa.id, period=month, received=40, resolved_early=30,
                           resolved_on_time=10, resolved_late=0, digitised=40))
        db.add(TaskAssignment(officer_id=hoa.id, period=month, assigned=40))
    rate(db, questionnaire, hoa, local(2026, 9, 8), 3)
    rate(db, questionnaire, hoa, local(2026, 10, 8), 3)
    db.commit()
    close_with_leader_scores(db, "2026-09", [hoa], {"A1": 10, "A2": 15, "A3": 5},
                             ended=datetime(2026, 10, 2, tzinfo=UTC), user=leader)
    close_with_leader_scores(db, "2026-10", [hoa], {"A1": 4, "A2": 4, "A3": 1},
                             ended=datetime(2026, 11, 2, tzinfo=UTC), user=leader)
    quarterly_from(db, date(2026, 10, 1))
    db.commit()
    close_with_leader_scores(db, "2026-Q4", [hoa], {"A1": 8, "A2": 12, "A3": 3},
                             ended=datetime(2027, 1, 2, tzinfo=UTC), user=leader)
    return {"hoa": hoa, "leader": leader}


def test_a_closed_quarter_replaces_the_closed_months_it_covers(db, overlap):
    report = compute_year(db, 2026, zone=ZONE, now=NOW)
    hoa = report.result.officers[0]
    assert report.closed_months == ("2026-09", "2026-Q4")
    assert report.superseded == (("2026-10", "2026-Q4"),)
    assert hoa.months == ("2026-09", "2026-Q4")
    september, quarter = hoa.monthly_totals
    assert hoa.weights == (1.0, 3.0)
    assert hoa.mean_total == pytest.approx((september + 3 * quarter) / 4)


def test_the_annual_page_counts_each_month_once(client, login, overlap):
    login("leader")
    response = client.get("/admin/annual?year=2026")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="superseded"' in body and "10/2026 (trong quý IV/2026)" in body
    assert "Nguyễn Thị Hoa" in body


def test_the_api_lists_the_months_its_quarter_replaced(client, db, overlap):
    from tests.kiosk.test_evaluations_api import key_headers

    response = client.get("/api/v1/evaluations?period=2026", headers=key_headers(db))
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["closed_periods"] == ["2026-09", "2026-Q4"]
    assert body["superseded_months"] == [{"month": "2026-10", "quarter": "2026-Q4"}]
    (hoa,) = body["officers"]
    assert hoa["periods"] == ["2026-09", "2026-Q4"] and hoa["weights"] == [1.0, 3.0]


def test_the_cli_rolls_the_year_up_and_says_which_month_the_quarter_replaced(runner, overlap):
    result = runner.invoke(args=["month", "annual", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "2026: months 2026-09, 2026-Q4" in result.output
    assert "Counted in their closed quarter, not on their own: 2026-10 (2026-Q4)" in result.output
