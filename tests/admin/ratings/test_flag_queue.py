"""The review queue in the console: who sees what, filters, PIN lock-outs, the home tile."""

from datetime import UTC, datetime

from sqlalchemy import select

from models import AuditEntry, LockoutAlert, PinLockout
from models.ops.flags import raise_flags
from models.ops.screening import Finding
from tests.kiosk.tablet_support import pair_tablet

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def flagged(db, make_rating, officer, rule="burst", details=None, at=T0):
    outcome = make_rating(officer, client_rated_at=at)
    raise_flags(db, outcome.id, [Finding(rule, details or {"ratings": 8, "visits": 0,
                                                           "limit": 5, "minutes": 10})])
    return outcome.id


def test_a_liaison_sees_only_their_departments_and_cannot_decide(
    client, db, login, make_officer, make_department, make_rating
):
    mine, theirs = make_department(name="Sở Tư pháp"), make_department(name="Sở Xây dựng")
    shown = make_officer(department=mine, full_name="Phạm Thị Thu")
    hidden = make_officer(department=theirs, full_name="Đỗ Văn Khoa")
    flagged(db, make_rating, shown)
    flagged(db, make_rating, hidden)
    login("liaison", departments=[mine])
    page = client.get("/admin/flags").get_data(as_text=True)
    assert "Phạm Thị Thu" in page and "Đỗ Văn Khoa" not in page
    assert "Đang chờ xem xét: 1" in page and "Ghi nhận quyết định" not in page
    assert "8 phiếu tại quầy trong 10 phút" in page  # why, in words


def test_the_queue_filters_by_rule_state_and_month(client, db, login, make_officer,
                                                   make_rating):
    officer = make_officer(full_name="Vũ Thị Lan")
    flagged(db, make_rating, officer)
    flagged(db, make_rating, officer, "outside_hours",
            {"local": "2026-10-05T06:10+07:00", "opens": "07:30", "closes": "17:00"},
            at=datetime(2026, 10, 5, 0, 0, tzinfo=UTC))
    login("leader")
    by_rule = client.get("/admin/flags?rule=outside_hours").get_data(as_text=True)
    assert "Lúc 06:10 05/10/2026, ngoài giờ làm việc của đơn vị (07:30–17:00)" in by_rule
    assert "phiếu tại quầy trong" not in by_rule
    assert "1 phiếu bị gắn cờ" in client.get("/admin/flags?month=2026-11").get_data(True)
    assert "Không có phiếu bị gắn cờ nào" in client.get(
        "/admin/flags?status=accepted").get_data(True)
    assert client.get("/admin/flags?month=2026-13").status_code == 400


def test_a_leader_closes_a_lockout_alert_and_unlocks_an_officer(client, db, login,
                                                               make_officer):
    officer = make_officer(full_name="Hà Văn Tùng")
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    db.add(PinLockout(officer_id=officer.id, tablet_id=tablet_id, failures=15,
                      needs_unlock=True))
    db.add(LockoutAlert(tablet_id=tablet_id, counter_id=officer.counters[0].id,
                        site_id=officer.site_id, raised_at=T0, lockouts=3, last_lockout_at=T0))
    leader = login("leader")
    home = client.get("/admin/").get_data(as_text=True)
    assert "máy tính bảng bị khóa mã PIN nhiều lần" in home
    page = client.get("/admin/flags").get_data(as_text=True)
    assert "3 lần khóa mã PIN" in page and "đến khi lãnh đạo mở khóa" in page
    alert_id = db.scalar(select(LockoutAlert.id))
    assert client.post(f"/admin/lockout-alerts/{alert_id}/close", data={"note": ""}
                       ).status_code == 302
    db.rollback()
    assert db.get(LockoutAlert, alert_id).status == "open"  # a note is required
    client.post(f"/admin/lockout-alerts/{alert_id}/close",
                data={"note": "Cán bộ quên mã PIN, đã cấp lại"})
    client.post(f"/admin/pin-locks/{officer.id}/{tablet_id}/unlock")
    db.rollback()
    assert db.get(LockoutAlert, alert_id).status == "closed"
    lock = db.get(PinLockout, (officer.id, tablet_id))
    assert (lock.failures, lock.needs_unlock) == (0, False)
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.user_id == leader.id)).all()
    assert {"lockout_alert.close", "pin.unlock"} <= set(actions)
    again = client.post(f"/admin/pin-locks/{officer.id}/{tablet_id}/unlock",
                        follow_redirects=True)
    assert "Không có khóa nào để mở" in again.get_data(as_text=True)


def test_the_rating_page_says_why_it_is_held_and_the_home_counts_it(client, db, login,
                                                                    make_officer, make_rating):
    rating_id = flagged(db, make_rating, make_officer())
    login("leader")
    detail = client.get(f"/admin/ratings/{rating_id}").get_data(as_text=True)
    assert "Bị gắn cờ: chờ lãnh đạo xem xét" in detail and "Phiếu dồn dập tại quầy" in detail
    home = client.get("/admin/").get_data(as_text=True)
    assert "phiếu bị gắn cờ chờ xem xét" in home
    listing = client.get("/admin/ratings").get_data(as_text=True)
    assert "Bị gắn cờ: chờ lãnh đạo xem xét" in listing


def test_a_decision_on_an_unknown_rating_or_without_a_reason_is_refused(
    client, db, login, make_officer, make_rating
):
    rating_id = flagged(db, make_rating, make_officer())
    login("leader")
    missing = client.post("/admin/flags/00000000-0000-4000-8000-000000000009/decide",
                          data={"decision": "accept", "reason": "x"})
    assert missing.status_code == 404
    page = client.post(f"/admin/flags/{rating_id}/decide", data={"decision": "accept"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Vui lòng nêu lý do." in page
    assert client.post(f"/admin/flags/{rating_id}/decide",
                       data={"decision": "exclude", "reason": "x" * 501}).status_code == 302
    db.rollback()
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "flag.decide")) is None
