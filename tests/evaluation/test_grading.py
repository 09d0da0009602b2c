"""Grades from thresholds, caps with reasons, and the optional top-grade quota."""

import pytest

from evaluation.grading import Grade, apply_quota, cap_grade, grade_for_total, grade_labels
from evaluation.ranking import RankCandidate, rank_officers
from evaluation.rubric import load_local_plan_rubric

RUBRIC = load_local_plan_rubric()
LABELS = grade_labels(RUBRIC.grades)
XS, TOT, HT, KHT = (Grade.HOAN_THANH_XUAT_SAC, Grade.HOAN_THANH_TOT, Grade.HOAN_THANH,
                    Grade.KHONG_HOAN_THANH)


def test_the_grade_enum_carries_the_four_official_labels():
    assert [g.label_vi for g in Grade] == [
        "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ"]


@pytest.mark.parametrize("total, grade", [
    (100, XS), (90.0, XS), (89.99, TOT), (70.0, TOT), (69.99, HT), (50.0, HT), (49.99, KHT),
    (0, KHT),
])
def test_totals_exactly_on_a_threshold_take_the_higher_grade(total, grade):
    assert grade_for_total(total, RUBRIC.grades) == grade


@pytest.mark.parametrize("grade, reports, discipline, expected, codes", [
    (XS, 0, False, XS, []),
    (XS, 1, False, HT, ["cap_confirmed_report"]),
    (TOT, 2, False, HT, ["cap_confirmed_report"]),
    (HT, 1, False, HT, []),
    (KHT, 1, False, KHT, []),
    (XS, 0, True, KHT, ["cap_discipline"]),
    (XS, 1, True, KHT, ["cap_confirmed_report", "cap_discipline"]),
    (KHT, 0, True, KHT, []),
])
def test_caps_only_lower_a_grade_and_say_why(grade, reports, discipline, expected, codes):
    final, changes = cap_grade(grade, RUBRIC.caps, LABELS, reports, discipline)
    assert final == expected
    assert [c.code for c in changes] == codes
    for change in changes:
        assert change.to_grade.order > change.from_grade.order
        assert change.reason_vi and change.reason_en


def test_cap_reasons_are_readable_in_vietnamese_and_english():
    _, changes = cap_grade(XS, RUBRIC.caps, LABELS, 1, True, "Quyết định 12/QĐ-TTPVHCC")
    assert changes[0].reason_vi == ("Có 1 phản ánh vi phạm “5 không” đã được xác minh: "
                                    "xếp loại tối đa Hoàn thành nhiệm vụ.")
    assert changes[0].reason_en == ("1 confirmed “5 không” report(s): "
                                    "grade capped at Completed duties.")
    assert "Quyết định 12/QĐ-TTPVHCC" in changes[1].reason_vi
    assert changes[1].reason_en.endswith("Did not complete duties.")


def test_a_rubric_without_caps_leaves_the_grade_alone():
    assert cap_grade(XS, (), LABELS, 3, True) == (XS, ())


def _site(*rows):
    """Build a ranked site listing from (id, total, satisfaction, grade) rows."""
    candidates = [RankCandidate(i, f"Cán bộ {chr(64 + i)}", t, s, 100) for i, t, s, _ in rows]
    return rank_officers(candidates), {i: g for i, _, _, g in rows}


@pytest.mark.parametrize("rows, share, graded_down", [
    ([(1, 98, .9, XS), (2, 95, .9, XS), (3, 92, .9, XS), (4, 80, .9, TOT), (5, 60, .9, HT)],
     0.2, [2, 3]),
    ([(1, 98, .9, XS), (2, 95, .9, XS), (3, 92, .9, XS), (4, 80, .9, TOT), (5, 60, .9, HT)],
     0.4, [3]),
    ([(1, 98, .9, XS), (2, 95, .9, XS), (3, 80, .9, TOT), (4, 60, .9, HT), (5, 50, .9, HT)],
     0.4, []),
    ([(1, 98, .9, XS), (2, 95, .9, XS)], 0.2, [1, 2]),
    ([(1, 98, .9, HT), (2, 95, .9, XS), (3, 80, .9, TOT), (4, 70, .9, TOT), (5, 70, .9, TOT)],
     0.2, []),
    ([(1, 95, .9, XS), (2, 95, .9, XS), (3, 80, .9, TOT), (4, 70, .9, TOT), (5, 70, .9, TOT)],
     0.2, [1, 2]),
    ([(1, 95, .95, XS), (2, 95, .9, XS), (3, 80, .9, TOT), (4, 70, .9, TOT), (5, 70, .9, TOT)],
     0.2, [2]),
])
def test_the_quota_grades_down_the_excess_in_rank_order(rows, share, graded_down):
    listing, grades = _site(*rows)
    changes = apply_quota(listing, grades, share, "Trung tâm xã Tân An", LABELS)
    assert sorted(changes) == graded_down
    for change in changes.values():
        assert (change.code, change.from_grade, change.to_grade) == ("quota", XS, TOT)
        assert "Trung tâm xã Tân An" in change.reason_vi and "%" in change.reason_en


def test_the_quota_reason_names_the_share_and_the_place():
    listing, grades = _site((1, 98, .9, XS), (2, 95, .9, XS), (3, 80, .9, TOT), (4, 70, .9, TOT),
                            (5, 70, .9, TOT))
    change = apply_quota(listing, grades, 0.2, "Trung tâm xã Tân An", LABELS)[2]
    assert change.reason_vi == (
        "Hạn mức Hoàn thành xuất sắc nhiệm vụ tại Trung tâm xã Tân An: 20% (1/5 người); "
        "đứng thứ 2/2 người đạt mức này nên xếp loại Hoàn thành tốt nhiệm vụ.")
