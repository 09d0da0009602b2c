"""NĐ 335/2025 for officers holding a leading post: six items / 6, the leaders' override,
and the quota's exception for outstanding units."""

from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    pool_dossiers,
)
from evaluation.rubric import (
    load_default_rubric,
    load_local_plan_rubric,
    parse_rubric,
    rubric_to_dict,
)
from evaluation.rubric_schema import QuotaException

from .test_nd335 import HOA, SITE

RUBRIC = load_default_rubric()

#: The leader of the worked example in docs/rubric.md: head of Sở Tư pháp's counters.
DUC = OfficerMonth(
    officer_id=9, code="CB009", full_name="Lê Minh Đức", title="Trưởng bộ phận",
    site_id=1, site_name=SITE.site_name, department_id=3, department_name="Sở Tư pháp",
    ratings=RatingTally(verified=60, verified_satisfied=57),
    conduct=ConductTally(answered=200, yes=190),
    dossiers=DossierStats(received=76, early=40, on_time=30, late=4, assigned=80,
                          quality_failures=1, waived_delays=1),
    human_scores=(HumanScore("A1", 9, None, 9), HumanScore("A2", 14, None, 14),
                  HumanScore("A3", 4, None, 4)),
    sheet_status="approved",
    leader_post=LeaderPost("department", 3, "Sở Tư pháp", "Trưởng bộ phận",
                           date(2026, 3, 1)))
#: The third officer of the department.
LAN = replace(HOA, officer_id=11, code="CB011", full_name="Phạm Thị Lan",
              dossiers=DossierStats(received=150, early=90, on_time=55, late=5, assigned=160,
                                    quality_failures=0))


def evaluate(*officers, rubric=RUBRIC, sites=(SITE,)):
    return {o.officer_id: o for o in evaluate_month(
        rubric, MonthInputs("2026-11", tuple(officers), sites)).officers}


def test_the_leader_s_worked_example_of_docs_rubric_md_is_reproduced_to_six_decimals():
    duc = evaluate(HOA, DUC, LAN)[9]
    b1 = duc.criteria[3]
    rates = {s.code: round(s.rate, 6) for s in b1.sub_rates}
    assert rates == {"quantity": 0.95, "quality": 0.996711, "progress": 0.989865,
                     "unit_quantity": 0.979545, "unit_quality": 0.99826,
                     "unit_progress": 0.988208}
    assert [s.unit for s in b1.sub_rates] == [False] * 3 + [True] * 3
    unit = {s.code: (s.numerator, s.denominator, s.events, s.waived) for s in b1.sub_rates}
    assert unit["unit_quantity"] == (431, 440, 0, 0)
    assert unit["unit_quality"] == (431, 431, 4, 1)
    assert unit["unit_progress"] == (424, 424, 23, 3)
    assert dict(b1.inputs) == {"sub_rates_applied": 6}
    assert round(b1.raw_rate, 6) == 0.983765
    points = {c.code: round(c.points, 6) for c in duc.criteria}
    assert points == {"A1": 9, "A2": 14.4, "A3": 4, "B1": 68.86353}
    assert round(duc.total, 6) == 96.26353 and f"{duc.total_rounded:.2f}" == "96.26"
    assert duc.leader_post == DUC.leader_post


def test_the_leader_s_mean_is_six_exact_items_over_six():
    duc = evaluate(HOA, DUC, LAN)[9]
    exact = [Fraction(76, 80), Fraction(7575, 7600), Fraction(7325, 7400),
             Fraction(431, 440), Fraction(43025, 43100), Fraction(419, 424)]
    assert duc.criteria[3].points == float(70 * sum(exact) / 6)


def test_officers_not_holding_a_post_keep_their_three_items_unchanged():
    results = evaluate(HOA, DUC, LAN)
    alone = evaluate(HOA)[7]
    assert results[7].criteria == alone.criteria
    assert [s.code for s in results[11].criteria[3].sub_rates] == \
        ["quantity", "quality", "progress"]


def test_a_site_leader_pools_the_whole_site_and_other_sites_stay_out():
    deputy = replace(DUC, officer_id=12, department_id=4, department_name="Ban Giám đốc",
                     leader_post=LeaderPost("site", 1, SITE.site_name, "Phó Giám đốc"))
    elsewhere = replace(LAN, officer_id=13, site_id=2, site_name="Điểm 2")
    result = evaluate(HOA, deputy, LAN, elsewhere,
                      sites=(SITE, SiteMonth(2, "Điểm 2", 0.9, 0.9)))[12]
    unit = {s.code: (s.numerator, s.denominator) for s in result.criteria[3].sub_rates}
    assert unit["unit_quantity"] == (205 + 76 + 150, 200 + 80 + 160)


def test_a_unit_item_with_no_data_is_left_out_of_the_mean_and_the_sheet_says_why():
    # Hoa has no assigned number: the unit's quantity does not apply (nor Hoa's own).
    hoa = replace(HOA, dossiers=replace(HOA.dossiers, assigned=None))
    duc = evaluate(hoa, DUC, LAN)[9].criteria[3]
    found = {s.code: (s.applicable, s.not_applicable_reason) for s in duc.sub_rates}
    assert found["unit_quantity"] == (False, "no_assignment")
    assert dict(duc.inputs) == {"sub_rates_applied": 5}


def test_a_leader_without_own_dossiers_is_scored_on_the_unit_s_items():
    director = replace(DUC, dossiers=None)
    b1 = evaluate(HOA, director, LAN)[9].criteria[3]
    found = {s.code: s.not_applicable_reason for s in b1.sub_rates}
    assert found["quantity"] == found["quality"] == found["progress"] == "no_task_data"
    assert b1.applicable and dict(b1.inputs) == {"sub_rates_applied": 3}


def test_a_leader_of_a_unit_with_no_figures_at_all_has_no_task_result():
    alone = replace(DUC, dossiers=None)
    b1 = evaluate(alone)[9].criteria[3]
    assert (b1.applicable, b1.not_applicable_reason) == (False, "no_task_data")
    found = [(s.code, s.not_applicable_reason) for s in b1.sub_rates]
    assert found == [("quantity", "no_task_data"), ("quality", "no_task_data"),
                     ("progress", "no_task_data"), ("unit_quantity", "no_unit_data"),
                     ("unit_quality", "no_unit_data"), ("unit_progress", "no_unit_data")]


def test_a_rubric_without_unit_sub_rates_scores_a_leader_on_three_items():
    three = replace(RUBRIC, criteria=tuple(replace(c, unit_sub_rates=())
                                           for c in RUBRIC.criteria))
    b1 = evaluate(HOA, DUC, LAN, rubric=three)[9].criteria[3]
    assert [s.code for s in b1.sub_rates] == ["quantity", "quality", "progress"]


CORRUPTION = Finding("leader_unit_violation", date(2026, 6, 12),
                     "KL số 12/KL-TTr: tham nhũng tại bộ phận một cửa")


def test_the_leaders_override_grades_a_leader_not_completed_with_its_reason():
    duc = evaluate(HOA, replace(DUC, findings=(CORRUPTION,)), LAN)[9]
    assert duc.grade == Grade.KHONG_HOAN_THANH
    change = duc.grade_changes[-1]
    assert change.code == "override_leader_unit_violation"
    assert "12/06/2026" in change.reason_vi and "tham nhũng" in change.reason_vi
    assert "trong năm đánh giá" in change.reason_vi


def test_the_leaders_override_never_applies_to_an_officer_without_a_post():
    hoa = evaluate(replace(HOA, findings=(CORRUPTION,)))[7]
    assert hoa.grade != Grade.KHONG_HOAN_THANH
    assert not [c for c in hoa.grade_changes if c.code.startswith("override_")]


@given(st.lists(st.none() | st.builds(
    DossierStats, received=st.integers(0, 50), early=st.integers(0, 50),
    on_time=st.integers(0, 50), late=st.integers(0, 50),
    assigned=st.none() | st.integers(0, 50), quality_failures=st.none() | st.integers(0, 5),
    waived_delays=st.integers(0, 5)), max_size=6))
def test_pooled_counts_are_the_members_sums_and_a_count_one_lacks_is_lacking(members):
    pooled = pool_dossiers(tuple(members))
    found = [m for m in members if m is not None]
    if not found:
        assert pooled is None
        return
    for name in ("received", "late", "resolved", "waived_delays", "assigned",
                 "quality_failures"):
        values = [m.count(name) for m in found]
        expected = None if None in values else sum(values)
        assert pooled.count(name) == expected


def _excellent(officer_id, site_id=1):
    return replace(HOA, officer_id=officer_id, code=f"CB{officer_id:03d}",
                   full_name=f"Trần Văn {officer_id}", site_id=site_id,
                   human_scores=(HumanScore("A1", None, None, 10 - officer_id % 3 * 0.5),
                                 HumanScore("A2", None, None, 15),
                                 HumanScore("A3", None, None, 5)))


def _good(officer_id):
    return replace(_excellent(officer_id), human_scores=(
        HumanScore("A1", None, None, 2), HumanScore("A2", None, None, 5),
        HumanScore("A3", None, None, 1)))


def _with_exception(share, enabled=True):
    return replace(RUBRIC, quota=replace(RUBRIC.quota,
                                         exception=QuotaException(enabled, share)))


def test_the_exception_raises_the_share_only_for_an_outstanding_agency():
    month = [_excellent(i) for i in (1, 2, 3)] + [_good(i) for i in range(4, 9)]
    # 5 graded Hoàn thành tốt and 3 holders: 20% keeps floor(0.2 × 8 / 1.2) = 1;
    # the centre's 40% keeps floor(0.4 × 8 / 1.4) = 2.
    normal = SiteMonth(1, SITE.site_name, 0.92, 0.95)
    outstanding = replace(normal, outstanding=True)

    def top(rubric, site):
        return sum(o.grade == Grade.HOAN_THANH_XUAT_SAC
                   for o in evaluate(*month, rubric=rubric, sites=(site,)).values())

    assert top(RUBRIC, outstanding) == 1
    assert top(_with_exception(0.4), normal) == 1
    assert top(_with_exception(0.4, enabled=False), outstanding) == 1
    assert top(_with_exception(0.4), outstanding) == 2
    changed = [o for o in evaluate(*month, rubric=_with_exception(0.4),
                                   sites=(outstanding,)).values() if o.grade_changes]
    assert changed and all("tỷ lệ ngoại lệ" in o.grade_changes[-1].reason_vi for o in changed)


def test_the_default_rubric_ships_the_exception_off_with_no_rate():
    assert RUBRIC.quota.exception == QuotaException(False, None)
    document = rubric_to_dict(RUBRIC)
    assert document["quota"]["exception"] == {"enabled": False, "max_share": None}
    assert parse_rubric(document) == RUBRIC


def test_the_local_plan_template_reads_unchanged_without_the_new_keys():
    document = rubric_to_dict(load_local_plan_rubric())
    assert "exception" not in document["quota"]


@pytest.mark.parametrize("share", [0.3, 1])
def test_an_exception_with_its_rate_reads_and_writes_back(share):
    document = rubric_to_dict(RUBRIC)
    document["quota"]["exception"] = {"enabled": True, "max_share": share}
    rubric = parse_rubric(document)
    assert rubric.quota.exception == QuotaException(True, share)
    assert rubric_to_dict(rubric)["quota"]["exception"] == document["quota"]["exception"]


def test_a_department_head_pools_the_department_at_their_own_site_only():
    other_site = replace(LAN, site_id=2, site_name="Điểm 2")
    duc = evaluate(HOA, DUC, other_site, sites=(SITE, SiteMonth(2, "Điểm 2", 0.9, 0.9)))[9]
    unit = {s.code: (s.numerator, s.denominator) for s in duc.criteria[3].sub_rates}
    assert unit["unit_quantity"] == (205 + 76, 200 + 80)


def _month(rubric, officers, sites, period="2026-11"):
    return evaluate_month(rubric, MonthInputs(period, tuple(officers), sites))


def test_the_year_applies_the_leaders_override_only_to_an_officer_who_held_a_post():
    from evaluation.annual import evaluate_year

    with_post = replace(DUC, findings=(CORRUPTION,))
    without = replace(with_post, officer_id=10, leader_post=None)
    year = evaluate_year(RUBRIC, [_month(RUBRIC, (HOA, with_post, without, LAN), (SITE,))])
    grades = {o.officer_id: o for o in year.officers}
    assert grades[9].grade == Grade.KHONG_HOAN_THANH
    assert grades[9].grade_changes[-1].code == "override_leader_unit_violation"
    assert grades[10].grade != Grade.KHONG_HOAN_THANH


def test_the_year_s_quota_holds_to_the_exception_for_a_site_marked_outstanding():
    from evaluation.annual import evaluate_year

    month = [_excellent(i) for i in (1, 2, 3)] + [_good(i) for i in range(4, 9)]
    site = SiteMonth(1, SITE.site_name, 0.92, 0.95)
    rubric = _with_exception(0.4)
    rubric = replace(rubric, quota=replace(rubric.quota, enabled=False))

    def top(outstanding):
        sites = (replace(site, outstanding=outstanding),)
        result = _month(rubric, month, sites)
        assert result.sites[0].outstanding == outstanding
        year = evaluate_year(replace(rubric, quota=replace(rubric.quota, enabled=True)),
                             [result])
        return sum(o.grade == Grade.HOAN_THANH_XUAT_SAC for o in year.officers)

    assert (top(False), top(True)) == (1, 2)


def test_docs_legal_md_traces_the_leaders_rules_and_the_exception():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "legal.md").read_text(encoding="utf-8")
    for needle in ("`leader_unit_violation`", "`unit_sub_rates`", "`quota.exception`",
                   "The leaders' items: a local choice"):
        assert needle in text, needle
    assert "not implemented" not in text
