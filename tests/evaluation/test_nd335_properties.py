"""Properties of the NĐ 335 rules: the quota holds, overrides win, the year is pro-rated."""

import math
from dataclasses import replace
from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from evaluation.annual import evaluate_year
from evaluation.engine import evaluate_month
from evaluation.grades import Grade
from evaluation.inputs import (
    ConductTally,
    DossierStats,
    Finding,
    HumanScore,
    LeaderPost,
    MonthInputs,
    OfficerMonth,
    RatingTally,
    SiteMonth,
)
from evaluation.rubric import load_default_rubric, load_local_plan_rubric
from evaluation.rubric_schema import Override, Quota, QuotaException

DECREE = load_default_rubric()
LOCAL = load_local_plan_rubric()
NAMES = ["Nguyễn Văn An", "Lê Văn Ánh", "Trần Thị Bình", "Phạm Anh", "Đỗ Thị Đào"]

FINDINGS = st.lists(st.builds(Finding, kind=st.sampled_from(["discipline_public_duty",
                                                             "degradation",
                                                             "leader_unit_violation"]),
                              day=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
                              note=st.sampled_from(["", "Khiển trách"])), max_size=2)


@st.composite
def officers(draw, officer_id):
    verified = draw(st.integers(0, 200))
    answered = draw(st.integers(0, 1600))
    late = draw(st.integers(0, 60))
    dossiers = draw(st.none() | st.builds(
        DossierStats, received=st.integers(0, 300), early=st.integers(0, 200),
        on_time=st.integers(0, 100), late=st.just(late),
        assigned=st.none() | st.integers(0, 300),
        quality_failures=st.none() | st.integers(0, 20),
        waived_delays=st.integers(0, 10), waived_quality_failures=st.integers(0, 10)))
    scores = tuple(HumanScore(code, draw(st.none() | st.floats(0, top)),
                              draw(st.none() | st.floats(0, top)),
                              draw(st.none() | st.floats(0, top) | st.sampled_from([top])))
                   for code, top in (("A1", 10), ("A2", 15), ("A3", 5)))
    site_id, department_id = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    post = draw(st.sampled_from([None, None, LeaderPost("department", department_id, "Sở"),
                                 LeaderPost("site", site_id, "Điểm")]))
    return OfficerMonth(
        officer_id=officer_id, code=f"CB{officer_id}", full_name=draw(st.sampled_from(NAMES)),
        title="", site_id=site_id, site_name="Điểm",
        department_id=department_id, department_name="Sở", leader_post=post,
        ratings=RatingTally(verified, draw(st.integers(0, verified))),
        conduct=ConductTally(answered, draw(st.integers(0, answered))),
        confirmed_reports=draw(st.sampled_from([0, 0, 0, 1])), dossiers=dossiers,
        human_scores=scores, findings=tuple(draw(FINDINGS)),
        worked_share=draw(st.sampled_from([1.0, 1.0, 0.5, 0.0])))


@st.composite
def months(draw, period="2026-11"):
    count = draw(st.integers(1, 14))
    sites = tuple(SiteMonth(site_id, "Điểm", outstanding=draw(st.booleans()))
                  for site_id in (1, 2))
    return MonthInputs(period, tuple(draw(officers(i)) for i in range(1, count + 1)), sites)


@st.composite
def decree_rubrics(draw):
    exception = draw(st.sampled_from([None, QuotaException(False, None),
                                      QuotaException(False, 0.3), QuotaException(True, 0.3),
                                      QuotaException(True, 0.05), QuotaException(True, 1.0)]))
    quota = Quota(True, draw(st.sampled_from([0.1, 0.2, 0.25, 0.5])),
                  draw(st.sampled_from(["graded", "good"])),
                  draw(st.sampled_from([("site",), ("department",), ("site", "department")])),
                  exception)
    overrides = tuple(Override(o.when, draw(st.sampled_from(["period", "year"])))
                      for o in DECREE.overrides)
    return replace(DECREE, quota=quota, overrides=overrides)


def _groups(result, kind):
    found = {}
    for o in result.officers:
        key = o.site_id if kind == "site" else o.department_id
        found.setdefault((o.site_id, key), []).append(o.grade)
    if kind == "department":  # a department's group spans its sites
        merged = {}
        for (_, key), grades in found.items():
            merged.setdefault((None, key), []).extend(grades)
        return merged.items()
    return found.items()


def _share_of(rubric, month, site_id, department_id, kind):
    """Return the share a group holds to: the exception's for an outstanding agency."""
    outstanding = {s.site_id for s in month.sites if s.outstanding}
    if kind == "department":
        outstanding = {o.department_id for o in month.officers} - {
            o.department_id for o in month.officers if o.site_id not in outstanding}
        site_id = department_id
    exception = rubric.quota.exception
    if site_id in outstanding and exception is not None and exception.enabled:
        return exception.max_share
    return rubric.quota.max_share


@given(decree_rubrics(), months())
def test_the_top_grade_quota_is_never_exceeded_on_either_base(rubric, month):
    """With and without the exception for outstanding units, for site and department groups."""
    result = evaluate_month(rubric, month)
    for kind in rubric.quota.groups:
        for (site_id, group_id), grades in _groups(result, kind):
            max_share = _share_of(rubric, month, site_id, group_id, kind)
            top = grades.count(Grade.HOAN_THANH_XUAT_SAC)
            if rubric.quota.base == "good":
                assert top <= Fraction(repr(max_share)) * grades.count(Grade.HOAN_THANH_TOT)
            else:
                assert top <= math.floor(max_share * sum(g is not None for g in grades) + 1e-9)


@given(decree_rubrics(), months())
def test_an_override_always_wins(rubric, month):
    result = {o.officer_id: o for o in evaluate_month(rubric, month).officers}
    for officer in month.officers:
        graded = result[officer.officer_id]
        if graded.total is None:
            continue
        hit = any(
            f.kind == o.when and f.day <= date(2026, 11, 30)
            and f.day >= (date(2026, 11, 1) if o.within == "period" else date(2026, 1, 1))
            and (o.when != "leader_unit_violation" or officer.leader_post is not None)
            for f in officer.findings for o in rubric.overrides)
        if hit:
            assert graded.grade == Grade.KHONG_HOAN_THANH
            assert graded.grade_changes[-1].code.startswith("override_")
        if officer.leader_post is None:
            assert "override_leader_unit_violation" not in {c.code for c in graded.grade_changes}


@given(decree_rubrics(), months())
def test_task_results_and_people_s_scores_stay_within_their_maximum(rubric, month):
    for officer in evaluate_month(rubric, month).officers:
        for criterion in officer.criteria:
            assert 0 <= criterion.points <= criterion.max_points + 1e-9
            for rate in criterion.sub_rates:
                assert rate.rate is None or 0 <= rate.rate <= 1
        assert officer.total is None or 0 <= officer.total <= 100


PERIOD_TOTALS = st.lists(st.tuples(st.sampled_from([None, 45.5, 70.0, 89.99, 90.0, 96.33]),
                                   st.sampled_from([1.0, 0.5, 0.25, 0.0])),
                         min_size=1, max_size=12)


def _year(rows, rubric=DECREE):
    results = []
    for month, (total, worked) in enumerate(rows, start=1):
        officer = OfficerMonth(1, "CB1", "An", "", 1, "Điểm", 1, "Sở", worked_share=worked)
        if total is None:
            continue
        inputs = MonthInputs(f"2026-{month:02d}", (officer,))
        base = evaluate_month(rubric, inputs)
        graded = replace(base.officers[0], total=total, total_rounded=total,
                         worked_share=worked) if base.officers else None
        results.append(replace(base, officers=(graded,) if graded else ()))
    return evaluate_year(rubric, results) if results else None


@given(PERIOD_TOTALS)
def test_the_pro_rated_annual_mean_is_the_mean_of_the_periods_worked(rows):
    year = _year(rows)
    if year is None or not year.officers:
        return
    officer = year.officers[0]
    worked = [(t, w) for t, w in rows if t is not None and w > 0]
    if not worked:
        assert officer.mean_total is None
        return
    expected = sum(Fraction(repr(t)) * Fraction(repr(w)) for t, w in worked) / sum(
        Fraction(repr(w)) for _, w in worked)
    assert math.isclose(officer.mean_total, float(expected), rel_tol=0, abs_tol=1e-9)
    if all(w == 1.0 for _, w in worked):
        assert math.isclose(officer.mean_total, sum(t for t, _ in worked) / len(worked),
                            abs_tol=1e-9)
    assert len(officer.monthly_totals) == len(worked)


def test_a_quarter_weighs_three_months_in_the_year():
    officer = OfficerMonth(1, "CB1", "An", "", 1, "Điểm", 1, "Sở")
    results = []
    for period, total in (("2026-01", 60.0), ("2026-02", 60.0), ("2026-03", 60.0),
                          ("2026-Q2", 90.0)):
        base = evaluate_month(DECREE, MonthInputs(period, (officer,)))
        results.append(replace(base, officers=(replace(base.officers[0], total=total,
                                                       total_rounded=total),)))
    year = evaluate_year(DECREE, results).officers[0]
    assert year.weights == (1.0, 1.0, 1.0, 3.0)
    assert year.mean_total == 75.0
