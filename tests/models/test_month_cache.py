"""A computed month is reused only while nothing it was computed from has changed.

Each test computes an open month (so it is kept), changes one kind of input through the path
the console uses, commits, and checks that the next computation shows the change and equals a
computation from scratch (the kept results forgotten). Unrelated writes keep the month.
"""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update

from evaluation import load_local_plan_rubric
from models import (
    DepartmentHead,
    EvaluationInputState,
    Officer,
    QuestionnaireVersion,
    Rating,
    RatingChange,
    Visit,
)
from models.defaults import install_rubric
from models.ops.assessment import Entry, open_assessment
from models.ops.assessment_steps import approve, review, save_self
from models.ops.dossiers import import_dossier_stats
from models.ops.flags import decide_flags, raise_flags
from models.ops.inputs import add_breach, add_discipline, set_leader_score
from models.ops.months import close_month, reopen_month
from models.ops.reviews import contest_rating, decide_contest, exclude_rating
from models.ops.screening import Finding
from models.ops.task_inputs import set_assignment
from models.queries import month_cache, month_inputs
from models.queries.month import compute_month
from tests.monthdata import (
    AFTER_OCTOBER,
    ZONE,
    local,
    rate,
    set_alerts,
    with_decree_rubric,
    with_rubric,
)

PERIOD = "2026-10"


pytestmark = pytest.mark.usefixtures("forget_kept_months")


@pytest.fixture
def month(db, questionnaire, make_officer, make_user):
    """Two officers with a few October ratings, the local plan in force, a leader."""
    with_rubric(db)
    hoa = make_officer(code="CB0001", full_name="Nguyễn Thị Hoa")
    nam = make_officer(code="CB0002", full_name="Trần Văn Nam")
    ratings = [rate(db, questionnaire, hoa, local(2026, 10, day), level=3) for day in (5, 6, 7)]
    ratings += [rate(db, questionnaire, nam, local(2026, 10, day), level=2) for day in (5, 6)]
    leader = make_user("leader")
    db.commit()
    return {"hoa": hoa, "nam": nam, "ratings": ratings, "leader": leader,
            "questionnaire": questionnaire}


def computed(db):
    return compute_month(db, PERIOD, zone=ZONE)


def recomputed(db, before):
    """Commit, compute again; check it is a new computation equal to one from scratch."""
    db.commit()
    after = computed(db)
    assert after is not before
    month_cache.clear()
    cold = computed(db)
    assert (after.inputs, after.result, after.exclusions, after.contested, after.flags,
            after.late, after.status, after.rubric) == (
        cold.inputs, cold.result, cold.exclusions, cold.contested, cold.flags, cold.late,
        cold.status, cold.rubric)
    return after


def ratings_of(report, officer):
    return report.officer_inputs(officer.id).ratings


def test_an_unchanged_month_is_the_same_computation(db, month):
    first = computed(db)
    assert computed(db) is first
    # Writes no month figure reads (a visit opened) keep it.
    hoa = month["hoa"]
    db.add(Visit(site_id=hoa.site_id, counter_id=hoa.counters[0].id, officer_id=hoa.id,
                 opened_at=datetime.now(UTC), opened_via="api", token_hash="ab" * 32,
                 token_expires_at=datetime.now(UTC) + timedelta(days=7)))
    db.commit()
    assert computed(db) is first


def test_another_zone_is_another_computation(db, month):
    assert compute_month(db, PERIOD, zone="Asia/Bangkok") is not computed(db)


def test_a_new_rating_counts_and_only_its_officer_is_counted_again(db, month, monkeypatch):
    before = computed(db)
    counted = []

    def spy(session, start, end, officer_ids=None):
        counted.append(None if officer_ids is None else set(officer_ids))
        return real(session, start, end, officer_ids)

    real = month_inputs.rating_tallies
    monkeypatch.setattr(month_inputs, "rating_tallies", spy)
    rate(db, month["questionnaire"], month["nam"], local(2026, 10, 20), level=3)
    after = recomputed(db, before)
    assert counted[0] == {month["nam"].id}  # the kept tallies of Hoa were reused
    assert ratings_of(after, month["nam"]).verified == ratings_of(before, month["nam"]).verified + 1
    assert ratings_of(after, month["hoa"]) == ratings_of(before, month["hoa"])


def test_a_rating_of_another_month_changes_nothing_but_is_not_trusted_blindly(db, month):
    before = computed(db)
    rate(db, month["questionnaire"], month["hoa"], local(2026, 11, 3), level=1)
    after = recomputed(db, before)
    assert after.inputs == before.inputs


def test_an_exclusion(db, month):
    before = computed(db)
    exclude_rating(db, month["ratings"][0], "Phiếu thử nghiệm", month["leader"].id)
    after = recomputed(db, before)
    assert ratings_of(after, month["hoa"]).excluded == 1
    assert ratings_of(before, month["hoa"]).excluded == 0
    assert len(after.exclusions) == 1


def test_a_flag_holds_a_rating_and_its_decision_releases_or_excludes_it(db, month):
    hoa, (first, second) = month["hoa"], month["ratings"][:2]
    before = computed(db)
    raise_flags(db, first.id, [Finding("burst", {"count": 9})])
    raise_flags(db, second.id, [Finding("burst", {"count": 9})])
    held = recomputed(db, before)
    assert ratings_of(held, hoa).verified == ratings_of(before, hoa).verified - 2
    assert [f.status for f in held.flags] == ["pending", "pending"]
    decide_flags(db, first, True, "Đã xác minh", month["leader"].id)
    accepted = recomputed(db, held)
    assert ratings_of(accepted, hoa).verified == ratings_of(before, hoa).verified - 1
    decide_flags(db, second, False, "Không hợp lệ", month["leader"].id)
    excluded = recomputed(db, accepted)
    assert ratings_of(excluded, hoa).excluded == 1


def test_a_contest_and_its_decision(db, month):
    rating = month["ratings"][3]
    before = computed(db)
    contest = contest_rating(db, rating, month["nam"].id, "Tôi không phục vụ công dân này")
    contested = recomputed(db, before)
    assert [c.status for c in contested.contested] == ["pending"]
    decide_contest(db, contest, True, "Đúng, nhầm quầy", month["leader"].id)
    decided = recomputed(db, contested)
    assert [c.status for c in decided.contested] == ["accepted"]
    assert ratings_of(decided, month["nam"]).excluded == 1


def test_a_confirmed_misconduct_report(db, month):
    rating = rate(db, month["questionnaire"], month["nam"], local(2026, 10, 9), level=1,
                  reported=["KHONG_CUA_QUYEN"])
    before = recomputed(db, None)
    set_alerts(db, rating, "confirmed")
    after = recomputed(db, before)
    assert before.officer_inputs(month["nam"].id).confirmed_reports == 0
    assert after.officer_inputs(month["nam"].id).confirmed_reports == 1


def test_imported_dossier_totals(db, month):
    before = computed(db)
    data = (b"officer_code,received,early,on_time,late,digitised\n"
            b"CB0001,40,20,18,2,40\n")
    import_dossier_stats(db, PERIOD, "thong-ke.csv", io.BytesIO(data), user_id=None)
    after = recomputed(db, before)
    assert before.officer_inputs(month["hoa"].id).dossiers is None
    assert after.officer_inputs(month["hoa"].id).dossiers.received == 40


def test_the_dossier_register(db, month):
    from tests.register_support import import_items

    site = db.get(Officer, month["hoa"].id).site
    before = computed(db)
    import_items(db, site, [{"code": "H01.1-261005-0001", "officer_code": "CB0001",
                             "received_on": "2026-10-05", "due_on": "2026-10-12",
                             "resolved_on": "2026-10-09"}])
    after = recomputed(db, before)
    assert before.officer_inputs(month["hoa"].id).dossiers is None
    assert after.officer_inputs(month["hoa"].id).dossiers.received == 1


def test_a_breach_a_discipline_decision_and_the_leader_score(db, month):
    hoa = month["hoa"]
    before = computed(db)
    add_breach(db, hoa.id, occurred_on=date(2026, 10, 14), kind="Đi muộn", deduction=2,
               user_id=None)
    breached = recomputed(db, before)
    assert len(breached.officer_inputs(hoa.id).breaches) == 1
    set_leader_score(db, hoa.id, PERIOD, score=7, user_id=None)
    scored = recomputed(db, breached)
    assert scored.officer_inputs(hoa.id).leader_score == 7
    add_discipline(db, hoa.id, decided_on=date(2026, 10, 20), form="Khiển trách",
                   reference="01/QĐ", user_id=None)
    disciplined = recomputed(db, scored)
    assert disciplined.officer_result(hoa.id).grade.value == "khong_hoan_thanh"


def test_a_new_rubric_version(db, month):
    before = computed(db)
    plan = load_local_plan_rubric()
    from dataclasses import replace

    install_rubric(db, replace(plan, version=plan.version + 1,
                               effective_from=date(2026, 10, 1)))
    after = recomputed(db, before)
    assert after.rubric.version == before.rubric.version + 1


def test_an_officer_moved_to_another_department(db, month, make_department):
    hoa = month["hoa"]
    before = computed(db)
    other = make_department(name="Phòng Đất đai")
    db.execute(update(Officer).where(Officer.id == hoa.id).values(department_id=other.id))
    after = recomputed(db, before)
    assert after.officer_inputs(hoa.id).department_name == "Phòng Đất đai"
    assert before.officer_inputs(hoa.id).department_name != "Phòng Đất đai"


def test_the_satisfaction_threshold_of_a_questionnaire_version(db, month):
    nam = month["nam"]
    before = computed(db)
    version_id = month["questionnaire"].version_id
    db.execute(update(QuestionnaireVersion).where(QuestionnaireVersion.id == version_id)
               .values(satisfied_min_level=3))
    after = recomputed(db, before)
    assert ratings_of(before, nam).verified_satisfied == 2  # level 2: Hài lòng
    assert ratings_of(after, nam).verified_satisfied == 0


def test_a_closed_month_reads_its_snapshot_and_a_reopened_one_is_live_again(db, month):
    before = computed(db)
    close_month(db, PERIOD, zone=ZONE, user_id=month["leader"].id, now=AFTER_OCTOBER)
    db.commit()
    closed = computed(db)
    assert closed.frozen and closed.result == before.result
    reopen_month(db, PERIOD, reason="Sửa phiếu nhập nhầm", user_id=month["leader"].id)
    reopened = recomputed(db, closed)
    assert not reopened.frozen and reopened.status == "open"


def test_self_assessment_scores_and_the_assigned_number_under_the_decree(
        db, questionnaire, make_officer, make_department, make_user):
    department = make_department()
    hoa = make_officer(department=department, full_name="Nguyễn Thị Hoa")
    with_decree_rubric(db)
    hoa_user, head = make_user("officer", officer_id=hoa.id), make_user("liaison")
    leader = make_user("leader")
    db.add(DepartmentHead(department_id=department.id, user_id=head.id))
    rate(db, questionnaire, hoa, local(2026, 10, 5), level=3)
    opened = datetime(2026, 10, 25, 2, 0, tzinfo=UTC)
    open_assessment(db, PERIOD, deadline=datetime(2026, 11, 5, 17, 0, tzinfo=UTC),
                    user_id=leader.id, now=opened)
    db.commit()
    before = computed(db)
    good = {"A1": Entry(9, "Tốt"), "A2": Entry(14, "Tận tình"), "A3": Entry(4, "Cải tiến")}
    moment = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
    sheet = save_self(db, hoa.id, PERIOD, good, user=hoa_user, submit=True, now=moment)
    submitted = recomputed(db, before)
    assert submitted.officer_result(hoa.id).sheet_status != before.officer_result(
        hoa.id).sheet_status
    review(db, sheet, {**good, "A2": Entry(13, "Còn phiếu chưa hài lòng")}, user=head,
           now=moment)
    reviewed = recomputed(db, submitted)
    assert reviewed.officer_inputs(hoa.id).human_score("A2").head_score == 13
    approve(db, sheet, {**good, "A2": Entry(13)}, user=leader, now=moment)
    approved = recomputed(db, reviewed)
    assert approved.officer_result(hoa.id).sheet_status == "approved"
    set_assignment(db, hoa.id, PERIOD, assigned=120, worked_percent=None, user_id=None)
    assigned = recomputed(db, approved)
    assert assigned.officer_inputs(hoa.id) != approved.officer_inputs(hoa.id)


def test_marks_come_from_triggers_on_every_write(db, month):
    first = db.scalar(select(EvaluationInputState.token))
    set_leader_score(db, month["hoa"].id, PERIOD, score=8, user_id=None)
    db.commit()
    assert db.scalar(select(EvaluationInputState.token)) != first
    marks = dict(db.execute(select(RatingChange.officer_id, RatingChange.token)).all())
    rate(db, month["questionnaire"], month["hoa"], local(2026, 10, 21))
    db.commit()
    now = dict(db.execute(select(RatingChange.officer_id, RatingChange.token)).all())
    assert now[month["hoa"].id] != marks[month["hoa"].id]
    assert now[month["nam"].id] == marks[month["nam"].id]


def test_every_table_is_either_an_input_or_declared_not_one():
    from models import Base
    from models.input_state import INPUT_TABLES, NOT_INPUTS

    assert not set(INPUT_TABLES) & set(NOT_INPUTS)
    assert set(Base.metadata.tables) == set(INPUT_TABLES) | set(NOT_INPUTS) | {"ratings"}


def test_every_input_table_has_its_trigger(db):
    from models.input_state import INPUT_TABLES

    engine = db.get_bind()
    if engine.dialect.name == "sqlite":
        names = set(db.scalars(select(text("name")).select_from(text("sqlite_master"))
                               .where(text("type = 'trigger'"))))
        missing = [t for t in INPUT_TABLES for verb in ("insert", "update", "delete")
                   if f"mark_inputs_{t}_{verb}" not in names]
    else:
        marked = set(db.scalars(text(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name = 'mark_inputs'")))
        missing = [t for t in INPUT_TABLES if t not in marked]
    assert missing == []


def test_a_database_without_marks_is_computed_every_time(db, month):
    db.execute(text("DELETE FROM evaluation_input_state"))
    db.commit()
    first = computed(db)
    assert computed(db) is not first
    assert computed(db).result == first.result


# The tally per officer and UTC day: a morning's ratings recount only their day.

def spy_counts(monkeypatch) -> list:
    """Record (start, end, officers) of every count of ratings the month makes."""
    counted = []
    real = month_inputs.rating_tallies

    def spy(session, start, end, officer_ids=None):
        counted.append((start, end, None if officer_ids is None else set(officer_ids)))
        return real(session, start, end, officer_ids)

    monkeypatch.setattr(month_inputs, "rating_tallies", spy)
    return counted


def utc_day(moment: datetime) -> tuple[datetime, datetime]:
    midnight = datetime.combine(moment.date(), datetime.min.time(), UTC)
    return midnight, midnight + timedelta(days=1)


def test_the_latest_rated_day_is_counted_apart_and_new_ratings_recount_only_it(
        db, month, monkeypatch):
    counted = spy_counts(monkeypatch)
    before = computed(db)
    latest = utc_day(local(2026, 10, 7))  # Hoa's rating of 7 October is the latest
    assert counted[-1][0] == latest[0] and counted[-1][2] is None
    counted.clear()
    rate(db, month["questionnaire"], month["hoa"], local(2026, 10, 7, 15), level=1)
    after = recomputed(db, before)
    assert counted[0] == (*latest, {month["hoa"].id})
    assert ratings_of(after, month["hoa"]).verified == ratings_of(before, month["hoa"]).verified + 1


def test_a_rating_on_a_day_without_ratings_counts_that_day_alone(db, month, monkeypatch):
    before = computed(db)
    counted = spy_counts(monkeypatch)
    rate(db, month["questionnaire"], month["nam"], local(2026, 10, 22), level=1)
    after = recomputed(db, before)
    assert counted[0] == (*utc_day(local(2026, 10, 22)), {month["nam"].id})
    assert ratings_of(after, month["nam"]).verified == 3


def test_a_change_on_a_day_not_counted_apart_counts_the_officers_window_again(
        db, month, monkeypatch):
    before = computed(db)
    counted = spy_counts(monkeypatch)
    exclude_rating(db, month["ratings"][3], "Phiếu thử nghiệm", month["leader"].id)  # Nam, 5th
    after = recomputed(db, before)
    start, end = after.window
    latest = utc_day(local(2026, 10, 7))[0]  # the latest rated day is counted apart again
    assert counted[:2] == [(start, latest, {month["nam"].id}), (latest, end, {month["nam"].id})]
    assert ratings_of(after, month["nam"]).excluded == 1
    counted.clear()
    rate(db, month["questionnaire"], month["nam"], local(2026, 10, 7, 16), level=3)
    recomputed(db, after)
    assert counted[0] == (*utc_day(local(2026, 10, 7)), {month["nam"].id})


def test_a_rating_moved_to_another_day_and_its_new_day_counted_again(db, month):
    before = computed(db)
    rating = month["ratings"][0]
    db.execute(update(Rating).where(Rating.id == rating.id)
               .values(rated_at=local(2026, 10, 7, 16)))
    after = recomputed(db, before)
    moved = computed(db)
    db.execute(update(Rating).where(Rating.id == rating.id)
               .values(rated_at=local(2026, 11, 2, 16)))  # out of the month
    gone = recomputed(db, moved)
    assert ratings_of(after, month["hoa"]) == ratings_of(before, month["hoa"])
    assert ratings_of(gone, month["hoa"]).verified == 2


def test_a_count_not_settled_is_not_kept(db, month):
    """A rating committed on a new day while the window is counted (as PostgreSQL's read
    committed lets a count see): the count is used once and not kept."""
    start, end = computed(db).window
    month_cache.clear()
    marks = month_cache.read_marks(db)
    calls = []

    def count(session, start_, end_, officers):
        if not calls:
            rate(db, month["questionnaire"], month["nam"], local(2026, 10, 25), level=1)
        calls.append(1)
        return month_inputs.rating_tallies(session, start_, end_, officers)

    month_cache.window_tallies(db, marks, start, end, count)
    assert month_cache._tallies.get((month_cache._database(db), start, end)) is None
    db.commit()
    month_cache.clear()
    assert computed(db).inputs == recomputed(db, None).inputs


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["rate", "exclude", "move", "flag"]), st.integers(0, 30),
    st.integers(0, 23), st.integers(1, 3)), min_size=1, max_size=4)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_after_any_changes_the_kept_tallies_equal_a_count_from_scratch(db, month, operations):
    computed(db)
    for kind, day, hour, level in operations:
        at = local(2026, 10, 1, 0) + timedelta(days=day, hours=hour)
        officer = month["hoa"] if day % 2 else month["nam"]
        ratings = db.scalars(select(Rating).where(~Rating.excluded, ~Rating.held)
                             .order_by(Rating.id)).all()
        target = ratings[(day * 7 + hour) % len(ratings)] if ratings else None
        if kind == "rate" or target is None:
            rate(db, month["questionnaire"], officer, at, level=level)
        elif kind == "exclude":
            exclude_rating(db, target, "Phiếu thử nghiệm", month["leader"].id)
        elif kind == "move":
            db.execute(update(Rating).where(Rating.id == target.id).values(rated_at=at))
        else:
            raise_flags(db, target.id, [Finding("burst", {"count": 9})])
        db.commit()
        kept = computed(db)
        month_cache.clear()
        assert kept.inputs == computed(db).inputs
