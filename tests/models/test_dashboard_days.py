"""The dashboard's day tallies are never stale.

Each test refreshes the month (so every day's tallies are kept), changes one kind of input
that feeds the dashboard through the path the console or the intake uses, commits, refreshes
again and checks the figures against a computation from scratch in Python over every rating
(``oracle``): a day kept across a change it should have seen would show there.
"""

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from evaluation import parse_month
from models import (
    DashboardDay,
    EvaluationInputState,
    Officer,
    QuestionItem,
    QuestionnaireVersion,
    Rating,
    RatingAnswer,
    RatingDayChange,
)
from models.ops.dashboards import figures_for, store_figures
from models.ops.flags import decide_flags, raise_flags
from models.ops.ratings import RatingContext, RatingSubmission, record_rating
from models.ops.reviews import contest_rating, decide_contest, exclude_rating
from models.ops.screening import Finding
from models.queries.dashboard_days import local_days, month_days
from models.queries.month import compute_month
from tests.monthdata import ZONE, conduct, local, rate, with_rubric

PERIOD = "2026-10"
FIXTURES = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


pytestmark = pytest.mark.usefixtures("forget_kept_months")


@pytest.fixture
def month(db, questionnaire, make_officer, make_department, make_user):
    """Two officers of two departments with October ratings (conduct answers on some), one
    rating on 31 October late in the evening (1 November in UTC+9, the last local day)."""
    with_rubric(db)
    land = make_department(name="Phòng Đất đai")
    hoa = make_officer(code="CB0001", full_name="Nguyễn Thị Hoa")
    nam = make_officer(code="CB0002", full_name="Trần Văn Nam", department=land)
    ratings = [rate(db, questionnaire, hoa, local(2026, 10, day, 9 + day % 5), level=3,
                    answers=conduct(3, 1)) for day in (1, 5, 6, 7)]
    ratings += [rate(db, questionnaire, nam, local(2026, 10, day, 14), level=day % 3 + 1,
                     answers=conduct(1, 2)) for day in (5, 6, 31)]
    ratings.append(rate(db, questionnaire, nam, local(2026, 10, 31, 23, 30), level=1))
    leader = make_user("leader")
    db.commit()
    return {"hoa": hoa, "nam": nam, "ratings": ratings, "leader": leader,
            "questionnaire": questionnaire, "land": land, "home": hoa.department_id}


def refreshed(db) -> dict:
    """Refresh the month the way ``refresh_month`` does (commits); return its details."""
    report = compute_month(db, PERIOD, zone=ZONE)
    values = figures_for(db, report)
    store_figures(db, values)
    db.commit()
    return values["details"]


def oracle(db, zone=ZONE) -> tuple[list, list, list]:
    """Return (cells, levels, conduct) counted in Python over every rating of the month."""
    start, end = month_window(zone)
    tz = ZoneInfo(zone)
    departments = dict(db.execute(select(Officer.id, Officer.department_id)).all())
    satisfied_from = dict(db.execute(select(QuestionnaireVersion.id,
                                            QuestionnaireVersion.satisfied_min_level)).all())
    items = {i.id: i for i in db.scalars(select(QuestionItem).where(
        QuestionItem.item_group.in_(("4xin", "4luon"))))}
    cells, levels, answers = defaultdict(lambda: [0, 0]), defaultdict(int), {}
    for rating in db.scalars(select(Rating)):
        if not start <= rating.rated_at < end or rating.excluded or rating.held:
            continue
        department = departments.get(rating.officer_id)
        moment = rating.rated_at.astimezone(tz)
        cell = cells[(department, moment.isoweekday() % 7, moment.hour)]
        cell[0] += 1
        cell[1] += rating.level < satisfied_from[rating.questionnaire_version_id]
        levels[(department, rating.level)] += 1
        if rating.conduct_answered:
            for answer in db.scalars(select(RatingAnswer)
                                     .where(RatingAnswer.rating_id == rating.id)):
                item = items.get(answer.item_id)
                if item is not None:
                    total = answers.setdefault((department, item.code), [0, 0])
                    total[0] += 1
                    total[1] += answer.value

    def key(row):
        return tuple(-1 if part is None else part for part in row)

    return (sorted(([d, w, h, n, bad] for (d, w, h), (n, bad) in cells.items()), key=key),
            sorted(([d, level, n] for (d, level), n in levels.items()), key=key),
            sorted(([d, code, n, yes] for (d, code), (n, yes) in answers.items()), key=key))


def month_window(zone=ZONE):
    from evaluation import month_window_utc

    return month_window_utc(parse_month(PERIOD), zone)


def shown(details) -> tuple[list, list, list]:
    def key(row):
        return tuple(-1 if part is None else part for part in row)

    return (sorted(details["cells"], key=key), sorted(details["levels"], key=key),
            sorted(([d, code, n, yes] for d, code, _vi, _en, n, yes in details["conduct"]),
                   key=key))


def kept_days(db) -> dict:
    return dict(db.execute(select(DashboardDay.day, DashboardDay.token)
                           .where(DashboardDay.zone == ZONE)).all())


def assert_fresh(db) -> dict:
    """Refresh, and check the figures equal the oracle's; return the details."""
    details = refreshed(db)
    assert shown(details) == oracle(db)
    return details


def test_every_local_day_of_the_month_is_kept_and_reused(db, month):
    first = assert_fresh(db)
    assert len(kept_days(db)) == 31
    counted = month_days(db, *month_window(), ZONE)
    assert counted.counted == []  # nothing changed: every day read, none counted
    assert refreshed(db) == first


def test_the_days_follow_the_zone(db, month):
    assert_fresh(db)
    start, end = month_window("Asia/Tokyo")
    days = local_days(start, end, "Asia/Tokyo")
    assert days[0][0].day == 1 and len(days) == 31
    assert month_days(db, start, end, "Asia/Tokyo").counted  # another zone, its own days


def _new_rating(db, month):
    rate(db, month["questionnaire"], month["hoa"], local(2026, 10, 6, 10), level=1,
         answers=conduct(0, 4))


def _poster_rating(db, month):
    hoa = month["hoa"]
    submission = RatingSubmission(id=uuid.uuid4(), source="qr_counter", level=1,
                                  reason_text="Không có ai ở quầy", answers=conduct(2, 2),
                                  client_rated_at=local(2026, 10, 7, 8))
    context = RatingContext(site_id=hoa.site_id, counter_id=hoa.counters[0].id,
                            officer_id=None)
    assert record_rating(db, month["questionnaire"], submission, context, zone=ZONE,
                         now=local(2026, 10, 7, 8, 1)).status == "created"


def _skewed_clock(db, month):
    """A tablet whose clock is a day behind: its batch's measured skew moves the rating to
    the day it was given on the server's clock (not the day the tablet said)."""
    hoa = month["hoa"]
    submission = RatingSubmission(id=uuid.uuid4(), source="kiosk", level=2,
                                  answers=conduct(4, 0),
                                  client_rated_at=local(2026, 10, 8, 9) - timedelta(days=1))
    context = RatingContext(site_id=hoa.site_id, counter_id=hoa.counters[0].id,
                            officer_id=hoa.id, clock_skew=-timedelta(days=1))
    outcome = record_rating(db, month["questionnaire"], submission, context, zone=ZONE,
                            now=local(2026, 10, 8, 9))
    assert outcome.status == "created"
    stored = db.get(Rating, outcome.id)
    assert stored.clock_corrected and stored.rated_at == local(2026, 10, 8, 9)


def _moved_in_time(db, month):
    """A rating's moment corrected to another day (and the UTC day it left)."""
    rating = month["ratings"][1]
    db.execute(update(Rating).where(Rating.id == rating.id)
               .values(rated_at=local(2026, 10, 20, 16)))


def _moved_to_another_officer(db, month):
    rating = month["ratings"][2]
    db.execute(update(Rating).where(Rating.id == rating.id)
               .values(officer_id=month["nam"].id))


def _exclusion(db, month):
    exclude_rating(db, month["ratings"][0], "Phiếu thử nghiệm", month["leader"].id)


def _contest_accepted(db, month):
    contest = contest_rating(db, month["ratings"][4], month["nam"].id, "Không phải tôi")
    decide_contest(db, contest, True, "Đúng, nhầm quầy", month["leader"].id)


def _flag_held(db, month):
    raise_flags(db, month["ratings"][3].id, [Finding("burst", {"count": 9})])


def _flag_decided_invalid(db, month):
    raise_flags(db, month["ratings"][5].id, [Finding("burst", {"count": 9})])
    db.commit()
    refreshed(db)
    decide_flags(db, month["ratings"][5], False, "Không hợp lệ", month["leader"].id)


def _deleted(db, month):
    db.execute(delete(RatingAnswer).where(RatingAnswer.rating_id == month["ratings"][6].id))
    db.execute(delete(Rating).where(Rating.id == month["ratings"][6].id))


def _officer_moved(db, month):
    db.execute(update(Officer).where(Officer.id == month["hoa"].id)
               .values(department_id=month["land"].id))


def _satisfaction_threshold(db, month):
    db.execute(update(QuestionnaireVersion)
               .where(QuestionnaireVersion.id == month["questionnaire"].version_id)
               .values(satisfied_min_level=3))


def _item_relabelled(db, month):
    db.execute(update(QuestionItem).where(QuestionItem.code == "XIN_CHAO")
               .values(code="XIN_CHAO_HOI"))


@pytest.mark.parametrize("change", [
    _new_rating, _poster_rating, _skewed_clock, _moved_in_time, _moved_to_another_officer,
    _exclusion, _contest_accepted, _flag_held, _flag_decided_invalid, _deleted,
    _officer_moved, _satisfaction_threshold, _item_relabelled,
], ids=lambda change: change.__name__.strip("_"))
def test_each_kind_of_change_shows_at_the_next_refresh(db, month, change):
    before = assert_fresh(db)
    tokens = kept_days(db)
    change(db, month)
    db.commit()
    after = assert_fresh(db)
    assert after != before
    if change not in (_satisfaction_threshold, _item_relabelled):
        # Only the days of the changed ratings were counted again: the local days that
        # overlap the UTC days of the ratings changed (a UTC day overlaps two local days;
        # an officer moved: the days of their four ratings).
        recounted = {day for day, token in kept_days(db).items() if tokens[day] != token}
        assert 0 < len(recounted) <= (8 if change is _officer_moved else 4)


def test_a_new_officer_without_ratings_changes_no_day(db, month, make_officer):
    assert_fresh(db)
    tokens = kept_days(db)
    make_officer(code="CB0003", full_name="Lê Văn Tâm", department=month["land"])
    db.commit()
    assert_fresh(db)
    assert kept_days(db) == tokens


def test_a_database_without_marks_counts_every_day_and_keeps_none(db, month):
    db.execute(delete(EvaluationInputState))
    db.commit()
    assert_fresh(db)
    assert kept_days(db) == {}


def test_the_triggers_mark_the_day_a_rating_left_and_the_day_it_came_to(db, month):
    marks = {(o, d): t for o, d, t in db.execute(
        select(RatingDayChange.officer_id, RatingDayChange.day, RatingDayChange.token))}
    rating = month["ratings"][1]  # Hoa, 5 October (UTC)
    db.execute(update(Rating).where(Rating.id == rating.id)
               .values(rated_at=datetime(2026, 10, 20, 3, tzinfo=UTC)))
    db.commit()
    now = {(o, d): t for o, d, t in db.execute(
        select(RatingDayChange.officer_id, RatingDayChange.day, RatingDayChange.token))}
    hoa, nam = month["hoa"].id, month["nam"].id
    changed = {key for key in now if marks.get(key) != now[key]}
    assert changed == {(hoa, date(2026, 10, 5)), (hoa, date(2026, 10, 20))}
    assert all(now[key] == marks[key] for key in marks if key[0] == nam)


def test_the_migration_marks_the_ratings_already_there(db, month):
    days = db.scalar(select(func.count()).select_from(RatingDayChange))
    assert days == len({(r.officer_id or 0, r.rated_at.date()) for r in month["ratings"]})


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["rate", "poster", "exclude", "hold", "move", "department", "threshold"]),
    st.integers(0, 30), st.integers(0, 23), st.integers(1, 3), st.integers(0, 4)),
    min_size=1, max_size=4)


@FIXTURES
@given(OPERATIONS)
def test_after_any_changes_the_refreshed_figures_equal_the_oracle(db, month, operations):
    refreshed(db)
    for kind, day, hour, level, yes in operations:
        at = local(2026, 10, 1, 0) + timedelta(days=day, hours=hour)
        officer = month["hoa"] if day % 2 else month["nam"]
        ratings = db.scalars(select(Rating).where(~Rating.excluded).order_by(Rating.id)).all()
        if not ratings and kind in ("exclude", "hold", "move"):
            kind = "rate"  # the examples share the month: earlier ones may have excluded all
        target = ratings[(day * 7 + hour) % len(ratings)] if ratings else None
        if kind == "rate":
            rate(db, month["questionnaire"], officer, at, level=level,
                 answers=conduct(yes, 4 - yes))
        elif kind == "poster":
            submission = RatingSubmission(id=uuid.uuid4(), source="qr_counter", level=level,
                                          reason_text="Chờ lâu", answers=conduct(yes, 1),
                                          client_rated_at=at)
            context = RatingContext(site_id=officer.site_id,
                                    counter_id=officer.counters[0].id, officer_id=None)
            record_rating(db, month["questionnaire"], submission, context, zone=ZONE,
                          now=at + timedelta(seconds=5))
        elif kind == "exclude":
            exclude_rating(db, target, "Phiếu thử nghiệm", month["leader"].id)
        elif kind == "hold":
            db.execute(update(Rating).where(Rating.id == target.id)
                       .values(held=not target.held))
        elif kind == "move":
            db.execute(update(Rating).where(Rating.id == target.id).values(rated_at=at))
        elif kind == "department":
            db.execute(update(Officer).where(Officer.id == officer.id).values(
                department_id=month["land"].id if day % 3 else month["home"]))
        else:
            db.execute(update(QuestionnaireVersion)
                       .where(QuestionnaireVersion.id == month["questionnaire"].version_id)
                       .values(satisfied_min_level=2 + level % 2))
        db.commit()
        assert shown(refreshed(db)) == oracle(db)
