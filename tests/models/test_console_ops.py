"""Operations behind the console: master data rules, accounts, questionnaires, alerts,
exclusions and contests."""

from datetime import time

import pytest
from sqlalchemy import func, select

from models import Alert, AlertEvent, Counter, QuestionnaireVersion, Rating, Site
from models.ops import questionnaires as q
from models.ops.alerts import FollowUpRefused, record_follow_up
from models.ops.org import OrgError, save_counter, save_site, set_officer_counters
from models.ops.reviews import ReviewRefused, contest_rating, decide_contest, exclude_rating
from models.ops.users import AccountError, create_user, set_active, set_password_hash

SITE = {"code": "TTHCC", "name": "Trung tâm Phục vụ hành chính công", "kind": "province",
        "address": "", "opens_at": time(7, 30), "closes_at": time(17), "cooldown_seconds": 20,
        "token_ttl_days": 7, "active": True}


def test_a_site_must_close_after_it_opens(db):
    with pytest.raises(OrgError) as refused:
        save_site(db, Site(), {**SITE, "closes_at": time(7)})
    assert refused.value.code == "closes_before_opening"


def test_site_codes_are_unique(db, make_site):
    make_site(code="TTHCC")
    with pytest.raises(OrgError) as refused:
        save_site(db, Site(), SITE)
    assert (refused.value.field, refused.value.code) == ("code", "code_taken")


def test_two_active_counters_of_a_site_cannot_show_the_same_number(db, make_counter):
    first = make_counter(number=5)
    values = {"code": "NEW", "site_id": first.site_id, "number": 5, "department_id": None,
              "name": "", "active": True}
    with pytest.raises(OrgError) as refused:
        save_counter(db, Counter(), values)
    assert refused.value.code == "number_taken"
    assert save_counter(db, Counter(), {**values, "active": False}).id  # an old one may


def test_an_officer_serves_only_counters_of_their_site(db, make_officer, make_counter):
    officer = make_officer()
    elsewhere = make_counter()
    with pytest.raises(OrgError):
        set_officer_counters(db, officer, [elsewhere.id])
    here = make_counter(site=officer.site)
    set_officer_counters(db, officer, [here.id])
    assert [c.id for c in officer.counters] == [here.id]


def test_a_new_password_or_disabling_ends_sessions(db, make_user):
    user = make_user("leader")
    epoch = user.session_epoch
    set_password_hash(db, user, "hash")
    assert user.session_epoch == epoch + 1 and user.password_changed_at
    set_active(db, user, False)
    assert user.session_epoch == epoch + 2 and not user.active
    set_active(db, user, True)
    assert user.session_epoch == epoch + 2


def test_accounts_refuse_taken_names_and_officers_without_an_officer(db, make_user):
    make_user("hr", username="thu")
    with pytest.raises(AccountError) as taken:
        create_user(db, username="Thu", role="hr", password_hash="x")
    assert taken.value.code == "username"
    with pytest.raises(AccountError) as officer:
        create_user(db, username="cb1", role="officer", password_hash="x")
    assert officer.value.code == "officer_id"


def test_a_liaison_keeps_departments_other_roles_do_not(db, make_department):
    department = make_department()
    liaison = create_user(db, username="lien", role="liaison", password_hash="x",
                          department_ids=[department.id])
    leader = create_user(db, username="lanh", role="leader", password_hash="x",
                         department_ids=[department.id])
    assert [d.id for d in liaison.departments] == [department.id]
    assert leader.departments == []


# questionnaires ------------------------------------------------------------------------


def _active(db):
    return db.scalar(select(QuestionnaireVersion).where(QuestionnaireVersion.status == "active"))


def test_clone_edit_and_activate_a_questionnaire(db, questionnaire):
    active = _active(db)
    draft = q.clone_version(db, active)
    assert (draft.version, draft.status, len(draft.items)) == (2, "draft", len(active.items))
    q.update_item(db, draft.items[0], label_vi="Rất rất hài lòng", label_en="Delighted")
    q.add_item(db, draft, code="XIN_GIUP", group="4xin", label_vi="Xin giúp", label_en="Help")
    retired = q.activate_version(db, draft)
    assert retired.id == active.id and retired.status == "retired"
    assert _active(db).id == draft.id
    assert active.items[0].label_vi == "Rất hài lòng"  # the old version did not change


def test_a_version_that_was_used_never_changes(db, questionnaire):
    active = _active(db)
    with pytest.raises(q.QuestionnaireError) as refused:
        q.update_item(db, active.items[0], label_vi="Đổi", label_en="Changed")
    assert refused.value.code == "frozen"
    draft = q.clone_version(db, active)
    q.activate_version(db, draft)
    with pytest.raises(q.QuestionnaireError):
        q.remove_item(db, draft.items[0])


def test_a_draft_with_a_missing_level_cannot_be_activated(db, questionnaire):
    draft = q.clone_version(db, _active(db))
    top = next(i for i in draft.items if i.item_group == "overall" and i.level == 3)
    q.remove_item(db, top)
    with pytest.raises(q.QuestionnaireError) as refused:
        q.activate_version(db, draft)
    assert refused.value.code == "levels"


def test_a_five_level_scale_can_be_prepared(db, questionnaire):
    draft = q.clone_version(db, _active(db))
    q.update_settings(db, draft, scale_max=5, satisfied_min_level=4,
                      reason_required_max_level=2, note="SIPAS")
    for level in (4, 5):
        q.add_item(db, draft, code=f"MUC_{level}", group="overall", label_vi=f"Mức {level}",
                   label_en=f"Level {level}", level=level)
    q.activate_version(db, draft)
    assert draft.status == "active" and draft.scale_max == 5


@pytest.mark.parametrize("code, group, level, problem", [
    ("bad code", "4xin", None, "code"), ("XIN_CHAO", "4xin", None, "code"),
    ("NEW_ONE", "nope", None, "group"), ("NEW_ONE", "overall", None, "level"),
    ("NEW_ONE", "4xin", 2, "level"),
])
def test_new_items_are_checked(db, questionnaire, code, group, level, problem):
    draft = q.clone_version(db, _active(db))
    with pytest.raises(q.QuestionnaireError) as refused:
        q.add_item(db, draft, code=code, group=group, label_vi="x", label_en="x", level=level)
    assert refused.value.code == problem


# alerts ----------------------------------------------------------------------------------


@pytest.fixture
def alert(db, make_officer, make_rating):
    officer = make_officer()
    make_rating(officer, level=1, reasons=["LY_DO_THAI_DO"])
    return db.scalar(select(Alert))


def test_follow_up_goes_from_new_through_verifying_to_a_decision(db, alert, make_user):
    leader = make_user("leader")
    record_follow_up(db, alert, "verifying", "", leader.id)
    record_follow_up(db, alert, "confirmed", "Đã xem camera, đúng phản ánh", leader.id)
    steps = db.scalars(select(AlertEvent).order_by(AlertEvent.id)).all()
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("new", "verifying"), ("verifying", "confirmed")]
    assert alert.status == "confirmed" and alert.handled_by_id == leader.id


@pytest.mark.parametrize("path, note, problem", [
    (["confirmed"], "", "note_required"),
    (["not_confirmed", "confirmed"], "ghi chú", "transition"),
    (["verifying", "verifying"], "", "transition"),
    (["new"], "", "transition"),
    (["confirmed"], "x" * 2001, "note_too_long"),
])
def test_follow_up_steps_are_checked(db, alert, make_user, path, note, problem):
    leader = make_user("leader")
    with pytest.raises(FollowUpRefused) as refused:
        for status in path:
            record_follow_up(db, alert, status, note, leader.id)
    assert refused.value.code == problem


def test_a_decision_may_be_reopened_with_a_note(db, alert, make_user):
    leader = make_user("leader")
    record_follow_up(db, alert, "not_confirmed", "Không đủ căn cứ", leader.id)
    with pytest.raises(FollowUpRefused):
        record_follow_up(db, alert, "verifying", "", leader.id)
    record_follow_up(db, alert, "verifying", "Có thêm thông tin", leader.id)
    assert alert.status == "verifying"


# exclusions and contests -------------------------------------------------------------------


@pytest.fixture
def rated(db, make_officer, make_rating):
    officer = make_officer()
    outcome = make_rating(officer, level=1, reasons=["LY_DO_CHO_LAU"])
    return officer, db.get(Rating, outcome.id)


def test_excluding_keeps_the_rating_with_reason_and_who(db, rated, make_user):
    _officer, rating = rated
    leader = make_user("leader")
    exclude_rating(db, rating, "  Phiếu thử nghiệm  ", leader.id)
    assert (rating.excluded, rating.excluded_reason, rating.excluded_by_id) == (
        True, "Phiếu thử nghiệm", leader.id)
    assert db.scalar(select(func.count(Rating.id))) == 1
    with pytest.raises(ReviewRefused):
        exclude_rating(db, rating, "lại", leader.id)


def test_an_accepted_contest_excludes_the_rating_naming_the_contest(db, rated, make_user):
    officer, rating = rated
    leader = make_user("leader")
    contest = contest_rating(db, rating, officer.id, "Phiếu của quầy bên cạnh")
    with pytest.raises(ReviewRefused):
        contest_rating(db, rating, officer.id, "Lần nữa")
    decide_contest(db, contest, True, "", leader.id)
    assert contest.status == "accepted" and rating.excluded
    assert f"#{contest.id}" in rating.excluded_reason
    assert "Phiếu của quầy bên cạnh" in rating.excluded_reason


def test_a_rejected_contest_needs_a_note_and_leaves_the_rating_counted(db, rated, make_user):
    officer, rating = rated
    leader = make_user("leader")
    contest = contest_rating(db, rating, officer.id, "Không đúng")
    with pytest.raises(ReviewRefused):
        decide_contest(db, contest, False, "  ", leader.id)
    decide_contest(db, contest, False, "Camera cho thấy đúng quầy", leader.id)
    assert contest.status == "rejected" and not rating.excluded
    with pytest.raises(ReviewRefused):
        decide_contest(db, contest, True, "", leader.id)


def test_an_officer_contests_only_their_own_ratings(db, rated, make_officer):
    _officer, rating = rated
    other = make_officer()
    with pytest.raises(ReviewRefused) as refused:
        contest_rating(db, rating, other.id, "Không phải của tôi")
    assert refused.value.code == "not_yours"

