"""A tablet that was offline uploads ratings of a month the leader has closed meanwhile: they
are kept, flagged late, listed where the leader looks, and not added to the frozen results."""

import uuid

import pytest
from sqlalchemy import select

from models import Alert, Rating
from models.queries.month import compute_month
from tests.kiosk.tablet_support import (  # noqa: F401 - fixtures
    NOW,
    frozen_now_fixture,
    paired_fixture,
    signed_in,
)
from tests.monthdata import ZONE, local, with_rubric

pytestmark = pytest.mark.slow

URL = "/api/v1/kiosk/ratings"


@pytest.fixture
def october_shift(db, paired):
    """The paired tablet's officer was signed in on 30 October 2026, 08:00 to 17:00."""
    signed_in(db, paired.officer, paired.tablet_id, local(2026, 10, 30, 8),
              until=local(2026, 10, 30, 17), reason="closing_time")
    with_rubric(db)
    db.commit()
    return paired


def item(questionnaire, paired, at, level=3, **fields):
    """One outbox rating given at ``at`` (an October moment, on the tablet's clock)."""
    return {"id": str(uuid.uuid4()), "questionnaire_version_id": questionnaire.version_id,
            "officer_id": paired.officer.id, "counter_id": paired.officer.counters[0].id,
            "visit_id": None, "level": level, "answers": {}, "reported": [], "reasons": [],
            "reason_text": None, "comment": None, "rated_at": at.isoformat(), **fields}


def upload(client, paired, items):
    """Upload as the tablet does, now (2 November): its clock agrees with the server's."""
    response = client.post(URL, headers=paired.headers,
                           json={"sent_at": NOW.isoformat(), "ratings": items})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [result["status"] for result in response.get_json()["results"]]


def tally(report, officer_id) -> tuple[int, int]:
    """The officer's (unverified ratings, of them satisfied) as the month counts them."""
    ratings = report.officer_inputs(officer_id).ratings
    return ratings.unverified, ratings.unverified_satisfied


def test_late_tablet_uploads_for_a_closed_month_are_kept_flagged_listed_and_not_counted(
    client, login, db, questionnaire, october_shift
):
    paired = october_shift
    officer_id = paired.officer.id
    on_time = [item(questionnaire, paired, local(2026, 10, 30, 9, minute)) for minute in (0, 20)]
    on_time.append(item(questionnaire, paired, local(2026, 10, 30, 9, 40), level=2))
    assert upload(client, paired, on_time) == ["created"] * 3

    login("leader")
    assert client.post("/admin/months/2026-10/close").status_code == 302
    db.rollback()
    frozen = compute_month(db, "2026-10", zone=ZONE)
    assert frozen.frozen and tally(frozen, officer_id) == (3, 3)

    # The tablet was offline since the afternoon of the 30th; it comes back on 2 November.
    late = [item(questionnaire, paired, local(2026, 10, 30, 14), level=1,
                 reasons=[], reason_text="Chờ quá lâu"),
            item(questionnaire, paired, local(2026, 10, 30, 15)),
            item(questionnaire, paired, local(2026, 10, 30, 16, 30))]
    assert upload(client, paired, late) == ["created"] * 3
    assert upload(client, paired, late + on_time) == ["duplicate"] * 6  # a retry adds nothing

    db.rollback()
    flags = dict(db.execute(select(Rating.id, Rating.late)).all())
    assert flags == {**{uuid.UUID(r["id"]): False for r in on_time},
                     **{uuid.UUID(r["id"]): True for r in late}}
    # Not added: the closed month reads exactly what was frozen.
    after = compute_month(db, "2026-10", zone=ZONE)
    assert after.frozen and after.result == frozen.result and after.inputs == frozen.inputs
    assert sorted(row.rating_id for row in after.late) == sorted(r["id"] for r in late)
    # Listed where the leader looks: the month's page and the officer's sheet.
    month_page = client.get("/admin/months/2026-10").get_data(as_text=True)
    assert "Phiếu đến sau khi đã khóa tháng (3)" in month_page
    sheet = client.get(f"/admin/ranking/officers/{officer_id}?month=2026-10")
    assert "không được tính vào kết quả đã chốt" in sheet.get_data(as_text=True)
    # Kept and acted on: the dissatisfied one raised its alert for the leader at once.
    late_ids = [uuid.UUID(r["id"]) for r in late]
    assert db.scalars(select(Alert.kind).where(Alert.rating_id.in_(late_ids))).all() == [
        "dissatisfied"]

    # Reopening the month (a leader, with a reason) is the one way they count.
    reopened = client.post("/admin/months/2026-10/reopen",
                           data={"reason": "Máy tính bảng gửi bù phiếu ngày 30/10"})
    assert reopened.status_code == 302
    db.rollback()
    live = compute_month(db, "2026-10", zone=ZONE)
    assert not live.frozen and tally(live, officer_id) == (6, 5)
