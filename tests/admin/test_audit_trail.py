"""Every kind of staff write leaves an audit entry: who, what, and the values before/after.

Walked as a table: each row is one console write; the test performs it and looks for the
entry. The log viewer shows local time, and no route changes or deletes an entry.
"""

import io
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from models import AuditEntry, RatingContest, RegisterMapping, Tablet
from models.ops import questionnaires as q
from models.queries.questionnaires import load_active_questionnaire
from tests.factories import PASSWORD

RATING_ID = uuid.UUID("00000000-0000-4000-8000-0000000000aa")


@dataclass
class World:
    """The rows the writes act on."""

    site: object
    department: object
    counter: object
    officer: object
    tablet: object
    contest: object
    draft: object
    admin: object
    mapping: object


@pytest.fixture
def world(db, make_officer, make_user, make_rating, questionnaire):
    officer = make_officer()
    make_rating(officer, level=1, reasons=["LY_DO_CHO_LAU"], id=RATING_ID)
    contest = RatingContest(rating_id=RATING_ID, officer_id=officer.id, reason="Không phải tôi")
    tablet = Tablet(name="Máy 1", counter_id=officer.counters[0].id, secret_hash="0" * 64)
    db.add_all([contest, tablet])
    draft = q.clone_version(db, db.get(q.QuestionnaireVersion,
                                       load_active_questionnaire(db).version_id))
    admin = make_user("admin")
    mapping = RegisterMapping(name="Phần mềm một cửa", columns={"code": ["Số hồ sơ"]})
    db.add(mapping)
    db.commit()
    return World(officer.site, officer.department, officer.counters[0], officer, tablet,
                 contest, draft, admin, mapping)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (0, 90, 0)).save(out, format="PNG")
    return out.getvalue()


SITE = {"code": "NEW", "name": "Trung tâm mới", "kind": "commune", "address": "",
        "opens_at": "07:30", "closes_at": "17:00", "cooldown_seconds": "20",
        "token_ttl_days": "7", "dossier_rating_days": "30", "dossier_second_factor": "y",
        "active": "y"}

#: action → (role, method, URL from the world, form data from the world)
WRITES = {
    "site.create": ("admin", "POST", lambda w: "/admin/sites/new", lambda w: SITE),
    "site.update": ("admin", "POST", lambda w: f"/admin/sites/{w.site.id}/edit",
                    lambda w: {**SITE, "code": w.site.code, "name": "Tên mới"}),
    "department.create": ("admin", "POST", lambda w: "/admin/departments/new",
                          lambda w: {"code": "SNN", "name": "Sở Nông nghiệp", "active": "y"}),
    "department.update": ("admin", "POST",
                          lambda w: f"/admin/departments/{w.department.id}/edit",
                          lambda w: {"code": w.department.code, "name": "Sở đổi tên",
                                     "active": "y"}),
    "counter.create": ("admin", "POST", lambda w: "/admin/counters/new",
                       lambda w: {"code": "QX", "site_id": w.site.id, "number": 99,
                                  "department_id": 0, "active": "y"}),
    "counter.update": ("admin", "POST", lambda w: f"/admin/counters/{w.counter.id}/edit",
                       lambda w: {"code": w.counter.code, "site_id": w.site.id, "number": 98,
                                  "department_id": 0, "active": "y"}),
    "officer.create": ("admin", "POST", lambda w: "/admin/officers/new",
                       lambda w: {"code": "CBX", "full_name": "Lý Thị Mai",
                                  "site_id": w.site.id, "department_id": w.department.id,
                                  "active": "y"}),
    "officer.update": ("admin", "POST", lambda w: f"/admin/officers/{w.officer.id}/edit",
                       lambda w: {"code": w.officer.code, "full_name": "Tên đã đổi",
                                  "site_id": w.site.id, "department_id": w.department.id,
                                  "active": "y"}),
    "officer.counters": ("admin", "POST", lambda w: f"/admin/officers/{w.officer.id}/counters",
                         lambda w: {}),
    "officer.photo": ("admin", "POST", lambda w: f"/admin/officers/{w.officer.id}/photo",
                      lambda w: {"photo": (io.BytesIO(png()), "a.png")}),
    "officer.pin_reset": ("admin", "POST", lambda w: f"/admin/officers/{w.officer.id}/pin",
                          lambda w: {"pin": "2468"}),
    "officer.import": ("admin", "POST", lambda w: "/admin/officers/import", lambda w: {
        "table": (io.BytesIO(f"code,full_name,site_code,department_code\nCBI,Hà,"
                             f"{w.site.code},{w.department.code}\n".encode()), "a.csv")}),
    "user.create": ("admin", "POST", lambda w: "/admin/users/new", lambda w: {
        "username": "moi", "full_name": "Người mới", "role": "hr", "officer_id": 0,
        "new_password": "mot cum tu dai", "confirm": "mot cum tu dai"}),
    "user.update": ("admin", "POST", lambda w: f"/admin/users/{w.admin.id}/edit", lambda w: {
        "full_name": "Tên mới", "role": "leader", "officer_id": 0}),
    "user.password_reset": ("admin", "POST", lambda w: f"/admin/users/{w.admin.id}/password",
                            lambda w: {"new_password": "mot cum tu dai",
                                       "confirm": "mot cum tu dai"}),
    "user.disable": ("admin", "POST", lambda w: f"/admin/users/{w.admin.id}/active",
                     lambda w: {}),
    "user.password_change": ("leader", "POST", lambda w: "/admin/account/password", lambda w: {
        "current_password": PASSWORD, "new_password": "mot cum tu dai",
        "confirm": "mot cum tu dai"}),
    "api_key.create": ("admin", "POST", lambda w: f"/admin/sites/{w.site.id}/keys",
                       lambda w: {"name": "Hệ thống xếp hàng"}),
    "tablet.pairing_code": ("admin", "POST", lambda w: "/admin/tablets/pair",
                            lambda w: {"counter_id": w.counter.id}),
    "tablet.rename": ("admin", "POST", lambda w: f"/admin/tablets/{w.tablet.id}/rename",
                      lambda w: {"name": "Máy quầy 1"}),
    "tablet.move": ("admin", "POST", lambda w: f"/admin/tablets/{w.tablet.id}/move",
                    lambda w: {"counter_id": w.counter.id}),
    "tablet.revoke": ("admin", "POST", lambda w: f"/admin/tablets/{w.tablet.id}/revoke",
                      lambda w: {}),
    "questionnaire.clone": ("leader", "POST",
                            lambda w: f"/admin/questionnaires/{w.draft.id}/clone",
                            lambda w: {}),
    "questionnaire.update": ("leader", "POST",
                             lambda w: f"/admin/questionnaires/{w.draft.id}/settings",
                             lambda w: {"scale_max": 3, "satisfied_min_level": 2,
                                        "reason_required_max_level": 1, "note": "Bản mới"}),
    "questionnaire.item_update": ("leader", "POST",
                                  lambda w: f"/admin/questionnaires/items/{w.draft.items[3].id}",
                                  lambda w: {"label_vi": "Chào hỏi", "label_en": "Greeted"}),
    "questionnaire.item_add": ("leader", "POST",
                               lambda w: f"/admin/questionnaires/{w.draft.id}/items",
                               lambda w: {"code": "LY_DO_KHAC", "group": "reason",
                                          "label_vi": "Lý do khác", "label_en": "Other"}),
    "questionnaire.item_remove": ("leader", "POST", lambda w: (
        f"/admin/questionnaires/items/{w.draft.items[-1].id}/remove"), lambda w: {}),
    "questionnaire.activate": ("leader", "POST",
                               lambda w: f"/admin/questionnaires/{w.draft.id}/activate",
                               lambda w: {}),
    "alert.follow_up": ("leader", "POST", lambda w: "/admin/alerts/1/follow-up",
                        lambda w: {"status": "verifying", "note": ""}),
    "rating.exclude": ("leader", "POST", lambda w: f"/admin/ratings/{RATING_ID}/exclude",
                       lambda w: {"reason": "Phiếu thử máy"}),
    "contest.decide": ("leader", "POST", lambda w: f"/admin/contests/{w.contest.id}/decide",
                       lambda w: {"decision": "reject", "note": "Đúng quầy"}),
    "permission.denied": ("hr", "GET", lambda w: "/admin/users", lambda w: None),
    "register.import": ("hr", "POST", lambda w: "/admin/register", lambda w: {
        "site": w.site.id, "mapping": "auto", "file": (io.BytesIO(
            "Mã hồ sơ,Mã cán bộ tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả\n"
            f"HS-1,{w.officer.code},01/10/2026,08/10/2026\n".encode()), "so.csv")}),
    "register_mapping.create": ("hr", "POST", lambda w: "/admin/register/mappings/new",
                                lambda w: {"name": "Nguồn mới", "code": "Số biên nhận"}),
    "register_mapping.update": ("leader", "POST",
                                lambda w: f"/admin/register/mappings/{w.mapping.id}/edit",
                                lambda w: {"name": "Tên khác", "code": "Số hồ sơ"}),
    "register_mapping.delete": ("leader", "POST",
                                lambda w: f"/admin/register/mappings/{w.mapping.id}/delete",
                                lambda w: {}),
}


@pytest.mark.parametrize("action", sorted(WRITES))
def test_each_kind_of_write_is_audited(client, login, db, world, action):
    role, method, url, data = WRITES[action]
    user = login(role)
    response = client.open(url(world), method=method, data=data(world),
                           content_type="multipart/form-data" if method == "POST" else None)
    assert response.status_code < 500
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == action)
                      .order_by(AuditEntry.id.desc()))
    assert entry is not None, response.get_data(as_text=True)[:2000]
    assert entry.actor == user.username and entry.user_id == user.id
    assert entry.ip == "127.0.0.1" and entry.at is not None


def test_updates_record_only_what_changed_before_and_after(client, login, db, world):
    login("admin")
    client.post(f"/admin/departments/{world.department.id}/edit",
                data={"code": world.department.code, "name": "Sở Tư pháp", "active": "y"})
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "department.update"))
    assert entry.before == {"name": world.department.name}
    assert entry.after == {"name": "Sở Tư pháp"}


def test_contests_by_officers_and_log_ins_are_audited(client, db, world, make_user):
    officer_user = make_user("officer", officer_id=world.officer.id)
    db.execute(text("UPDATE rating_contests SET status = 'rejected'"))  # a new one may follow
    db.commit()
    client.post("/admin/login", data={"username": officer_user.username, "password": "nope"})
    client.post("/admin/login", data={"username": officer_user.username, "password": PASSWORD})
    client.post(f"/admin/me/ratings/{RATING_ID}/contest", data={"reason": "Nhầm quầy"})
    client.post("/admin/logout")
    actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-4:] == ["login.failure", "login.success", "rating.contest", "logout"]


def test_the_audit_log_cannot_be_changed(db, world):
    db.add(AuditEntry(action="test", actor="test"))
    db.commit()
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError):
            db.execute(text(statement))
        db.rollback()


def test_the_viewer_filters_and_shows_local_time(client, login, db, world):
    db.add(AuditEntry(action="site.update", actor="someone", object_type="site",
                      object_id="1", at=datetime(2026, 3, 1, 1, 30, tzinfo=UTC),
                      before={"name": "Cũ"}, after={"name": "Mới"}))
    db.commit()
    login("leader")
    page = client.get("/admin/audit?action=site.update&since=2026-03-01&until=2026-03-01")
    html = page.get_data(as_text=True)
    assert "01/03/2026 08:30" in html  # 01:30 UTC is 08:30 in Hà Nội
    assert "<del>Cũ</del>" in html and "<ins>Mới</ins>" in html
    assert "login.success" not in html.split("<tbody>")[1]
    empty = client.get("/admin/audit?action=site.update&since=2026-03-02")
    assert "someone" not in empty.get_data(as_text=True)
