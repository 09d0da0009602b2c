"""The dashboards' figures equal the engine's on the hand-built month; local hours are right."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from models.ops.dashboards import figures_for
from models.ops.ratings import RatingContext, RatingSubmission, record_rating
from models.queries import dashboard_figures as figures
from models.queries.dashboard import StoredFigures, is_outdated
from models.queries.local_hours import offset_spans
from models.queries.month import compute_month
from tests.monthdata import ZONE, conduct, local, rate, with_rubric

MONDAY, TUESDAY, WEDNESDAY = 1, 2, 3


@pytest.fixture
def month(db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    values = figures_for(db, report)
    return report, values["summary"], values["details"]


def test_satisfaction_by_site_is_the_engines_site_rate(month):
    report, summary, _details = month
    shares = {s.key: s for s in figures.satisfaction_by_site(summary)}
    for site in report.result.sites:
        assert shares[site.site_id].rate == site.satisfaction_p0
        assert shares[site.site_id].target == 0.9
    assert [s.met for s in shares.values()] == [True, False]


def test_satisfaction_by_department_pools_the_engines_tallies_against_its_target(month, october):
    report, summary, _details = month
    shares = {s.key: s for s in figures.satisfaction_by_department(summary)}
    for department in (october.justice, october.land):
        tallies = [o.ratings.scored(False) for o in report.inputs.officers
                   if o.department_id == department.id]
        assert (shares[department.id].part, shares[department.id].whole) == (
            sum(k for k, _n in tallies), sum(n for _k, n in tallies))
    assert (shares[october.justice.id].rate, shares[october.justice.id].target) == (5 / 8, 0.9)
    assert (shares[october.land.id].rate, shares[october.land.id].target) == (1.0, 0.85)
    only_land = figures.satisfaction_by_department(summary, frozenset({october.land.id}))
    assert [s.key for s in only_land] == [october.land.id]


def test_officers_under_target_carry_the_engines_adjusted_rates(month, october):
    report, _summary, details = month
    below = figures.officers_below_target(details)
    assert [o["name"] for o in below] == ["Trần Văn Bình", "Nguyễn Thị Hồng Nhung"]
    for row in below:
        result = report.officer_result(row["id"])
        assert row["adjusted"] == result.adjusted_satisfaction
        assert row["total"] == result.total_rounded


def test_ballots_by_level_count_every_ballot_not_excluded(month, october):
    _report, _summary, details = month
    assert figures.level_counts(details) == {3: 8, 2: 2, 1: 3}
    assert figures.level_counts(details, frozenset({october.land.id})) == {3: 3, 2: 1}


def test_weekdays_and_hours_are_local(month):
    _report, _summary, details = month
    hours, counts, bad = figures.week_grid(details)
    assert hours == list(range(6, 24))
    at = lambda grid, day, hour: grid[figures.WEEK.index(day)][hours.index(hour)]  # noqa: E731
    assert at(counts, MONDAY, 8) == 1 and at(counts, MONDAY, 14) == 1
    assert at(counts, TUESDAY, 23) == 1  # 16:30 UTC
    assert at(counts, WEDNESDAY, 6) == 1 and at(bad, WEDNESDAY, 6) == 1  # Tuesday 23:30 UTC
    assert at(counts, TUESDAY, 16) == 0  # the excluded rating
    assert at(bad, WEDNESDAY, 10) == 1 and at(bad, WEDNESDAY, 11) == 1
    assert sum(map(sum, counts)) == 13


def test_the_most_failed_conduct_items_come_first(month):
    _report, _summary, details = month
    failures = figures.conduct_failures(details)
    assert [(s.key, s.part, s.whole) for s in failures[:2]] == [("LUON_GIUP_DO", 5, 9),
                                                               ("LUON_LANG_NGHE", 2, 9)]
    assert failures[0].label == "Luôn giúp đỡ"
    assert failures[-1].part == 0


def test_the_plans_targets_come_from_the_imported_dossier_figures(month, october):
    _report, summary, _details = month
    rows = {row.key: row for row in figures.plan_by_department(summary)}
    justice = rows[october.justice.id].shares
    assert (justice["early_or_on_time"].rate, justice["early_or_on_time"].met) == (0.9, False)
    assert (justice["early"].rate, justice["early"].met) == (0.6, False)
    assert (justice["online"].rate, justice["online"].met) == (0.75, True)
    assert (justice["post"].rate, justice["post"].met) == (0.25, True)
    land = rows[october.land.id].shares
    assert (land["digitised"].rate, land["digitised"].met) == (1.0, True)
    assert land["online"].rate is None and land["online"].met is None
    assert figures.plan_overall(summary).shares["early_or_on_time"].part == 27


NOW = datetime(2026, 11, 10, tzinfo=UTC)
END = datetime(2026, 10, 31, 17, tzinfo=UTC)
AGE = timedelta(minutes=10)


def _stored(status="open", computed=NOW - timedelta(minutes=5), closed=None):
    return StoredFigures("2026-10", computed, status, closed, {}, None)


@pytest.mark.parametrize("stored, state, outdated", [
    (None, None, True),
    (_stored(), None, False),
    (_stored(computed=NOW - timedelta(hours=2)), None, False),  # computed after the month ended
    (_stored(computed=NOW - timedelta(days=2)), None, True),
    (_stored(computed=END - timedelta(hours=1)), None, True),  # computed while still running
    (_stored(), ("closed", NOW), True),  # closed since
    (_stored("closed", closed=NOW), ("closed", NOW), False),
    (_stored("closed", NOW - timedelta(days=30), NOW), ("closed", NOW), False),
    (_stored("closed", closed=NOW - timedelta(days=1)), ("closed", NOW), True),  # closed again
    (_stored("closed", closed=NOW), ("open", None), True),  # reopened
])
def test_when_stored_figures_are_computed_again(stored, state, outdated):
    assert is_outdated(stored, state, NOW, AGE, END) is outdated


def test_an_open_months_figures_last_for_the_maximum_age():
    running = datetime(2026, 11, 30, 17, tzinfo=UTC)
    assert not is_outdated(_stored(computed=NOW - timedelta(minutes=9)), None, NOW, AGE, running)
    assert is_outdated(_stored(computed=NOW - timedelta(minutes=11)), None, NOW, AGE, running)


def test_a_month_splits_where_daylight_saving_changes_the_offset():
    start, end = datetime(2026, 2, 28, 23, tzinfo=UTC), datetime(2026, 3, 31, 22, tzinfo=UTC)
    assert offset_spans(start, end, "Europe/Berlin") == [
        (start, datetime(2026, 3, 29, 1, tzinfo=UTC), 3600),
        (datetime(2026, 3, 29, 1, tzinfo=UTC), end, 7200)]
    vietnam = (datetime(2026, 9, 30, 17, tzinfo=UTC), datetime(2026, 10, 31, 17, tzinfo=UTC))
    assert offset_spans(*vietnam, ZONE) == [(*vietnam, 25200)]


def test_the_database_groups_by_local_hour_across_a_daylight_saving_change(
        db, questionnaire, make_officer):
    with_rubric(db)
    officer = make_officer()
    for instant in (datetime(2026, 2, 28, 23, 30, tzinfo=UTC),   # Sun 1 March 00:30 CET
                    datetime(2026, 3, 28, 9, 30, tzinfo=UTC),    # Sat 10:30 CET
                    datetime(2026, 3, 30, 9, 30, tzinfo=UTC),    # Mon 11:30 CEST
                    datetime(2026, 3, 31, 22, 30, tzinfo=UTC)):  # 1 April 00:30 CEST: outside
        rate(db, questionnaire, officer, instant, 3)
    db.commit()
    details = figures_for(db, compute_month(db, "2026-03", zone="Europe/Berlin"))["details"]
    cells = {(weekday, hour): n for _department, weekday, hour, n, _bad in details["cells"]}
    assert cells == {(0, 0): 1, (6, 10): 1, (1, 11): 1}


def test_a_poster_rating_with_nobody_signed_in_counts_only_province_wide(
        db, questionnaire, october):
    context = RatingContext(site_id=october.province.id, counter_id=october.nhung.counters[0].id,
                            officer_id=None)
    submission = RatingSubmission(id=uuid.uuid4(), source="qr_counter", level=1,
                                  reason_text="Không có ai ở quầy", answers=conduct(0, 2),
                                  client_rated_at=local(2026, 10, 8, 9))
    assert record_rating(db, questionnaire, submission, context, zone=ZONE,
                         now=local(2026, 10, 8, 9, 1)).status == "created"
    db.commit()
    details = figures_for(db, compute_month(db, "2026-10", zone=ZONE))["details"]
    assert figures.level_counts(details) == {3: 8, 2: 2, 1: 4}
    assert figures.level_counts(details, frozenset({october.justice.id, october.land.id})) == {
        3: 8, 2: 2, 1: 3}
    assert [None, 4, 9, 1, 1] in details["cells"]  # Thursday 09:00, no department
    xin_chao = next(s for s in figures.conduct_failures(details) if s.key == "XIN_CHAO")
    assert (xin_chao.part, xin_chao.whole) == (1, 10)
