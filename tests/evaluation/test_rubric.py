"""Rubric documents: the shipped default, validation, and the round trip."""

import copy
import json
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from evaluation.grades import Grade
from evaluation.rubric import (
    PROBLEM_CODES,
    RubricError,
    load_local_plan_rubric,
    parse_rubric,
    rubric_to_dict,
)
from evaluation.rubric_schema import RUBRIC_FORMAT


def default_document():
    return rubric_to_dict(load_local_plan_rubric())


def test_the_local_plan_template_matches_domain_md():
    rubric = load_local_plan_rubric()
    assert rubric.name == "Kế hoạch Trung tâm (bộ tiêu chí địa phương)"
    assert (rubric.version, rubric.effective_from) == (1, date(2026, 1, 1))
    points = {c.code: c.max_points for c in rubric.criteria}
    assert points == {"A1": 15, "A2": 10, "A3": 5, "B1": 25, "B2": 10, "B3": 10, "B4": 15, "B5": 10}
    targets = {c.code: c.target for c in rubric.criteria if c.target is not None}
    assert targets == {"A1": 0.9, "A2": 0.95, "B1": 0.9, "B2": 0.6, "B3": 1.0}
    assert [(t.grade, t.min_total) for t in rubric.grades] == [
        (Grade.HOAN_THANH_XUAT_SAC, 90), (Grade.HOAN_THANH_TOT, 70),
        (Grade.HOAN_THANH, 50), (Grade.KHONG_HOAN_THANH, 0)]


def test_the_local_plan_gives_land_departments_an_85_percent_satisfaction_target():
    a1 = load_local_plan_rubric().criteria[0]
    assert a1.target_for(frozenset({"land_group"})) == 0.85
    assert a1.target_for(frozenset()) == 0.9


def test_the_local_plan_has_the_first_format_settings():
    rubric = load_local_plan_rubric()
    assert rubric.rescale_not_applicable is True
    assert rubric.score_unverified is False
    assert rubric.quota.enabled is False
    assert (rubric.adjustment.method, rubric.adjustment.prior_weight) == ("bayes", 10)
    assert [(c.when, c.grade) for c in rubric.caps] == [
        ("confirmed_report", Grade.HOAN_THANH), ("discipline", Grade.KHONG_HOAN_THANH)]


def test_the_shipped_json_is_nfc_normalised():
    text = json.dumps(default_document(), ensure_ascii=False)
    assert unicodedata.normalize("NFC", text) == text


def test_a_rubric_survives_the_round_trip_through_json():
    rubric = load_local_plan_rubric()
    assert parse_rubric(json.loads(json.dumps(rubric_to_dict(rubric)))) == rubric


def test_decomposed_vietnamese_labels_are_stored_composed():
    document = default_document()
    document["name"] = unicodedata.normalize("NFD", "Bộ tiêu chí tỉnh Bắc Ninh")
    assert parse_rubric(document).name == unicodedata.normalize("NFC", "Bộ tiêu chí tỉnh Bắc Ninh")


def test_optional_sections_take_their_defaults_and_an_empty_caps_list_means_no_caps():
    document = default_document()
    for key in ("caps", "quota", "adjustment", "annual", "rescale_not_applicable",
                "score_unverified", "description"):
        del document[key]
    assert parse_rubric(document) == replace(load_local_plan_rubric(), description="")
    document["caps"] = []
    assert parse_rubric(document).caps == ()


def _set(path, value):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        target[last] = value
    return change


def _delete(path):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        del target[last]
    return change


def _add_group_a_again(document):
    document["groups"].append({"code": "A", "name_vi": "Nhóm A", "name_en": "Group A"})


def _swap_grades(document):
    grades = document["grades"]
    grades[0], grades[1] = grades[1], grades[0]


INVALID = [
    ("unknown kind", _set(["criteria", 0, "kind"], "formula"),
     "$.criteria[0].kind", "unknown_kind"),
    ("missing param", _delete(["criteria", 0, "params", "target"]),
     "$.criteria[0].params.target", "missing_param"),
    ("user-supplied expression", _set(["criteria", 0, "params", "expression"], "k / n"),
     "$.criteria[0].params.expression", "unknown_param"),
    ("points not summing to 100", _set(["criteria", 0, "max_points"], 20),
     "$.criteria", "points_not_100"),
    ("negative points", _set(["criteria", 7, "max_points"], -10),
     "$.criteria[7].max_points", "negative_points"),
    ("zero points", _set(["criteria", 7, "max_points"], 0),
     "$.criteria[7].max_points", "zero_points"),
    ("negative deduction", _set(["criteria", 6, "params", "per_breach"], -3),
     "$.criteria[6].params.per_breach", "negative_points"),
    ("duplicate criterion code", _set(["criteria", 1, "code"], "A1"),
     "$.criteria[1].code", "duplicate_code"),
    ("bad criterion code", _set(["criteria", 1, "code"], "A 2"),
     "$.criteria[1].code", "bad_code"),
    ("unknown group", _set(["criteria", 0, "group"], "C"),
     "$.criteria[0].group", "unknown_group"),
    ("duplicate group", _add_group_a_again, "$.groups[2].code", "duplicate_code"),
    ("target above 1", _set(["criteria", 0, "params", "target"], 90),
     "$.criteria[0].params.target", "target_out_of_range"),
    ("target of 0", _set(["criteria", 3, "params", "target"], 0),
     "$.criteria[3].params.target", "target_out_of_range"),
    ("override target above 1", _set(["criteria", 0, "params", "target_overrides", "land_group"],
                                     1.2),
     "$.criteria[0].params.target_overrides.land_group", "target_out_of_range"),
    ("bad department flag",
     _set(["criteria", 0, "params", "target_overrides"], {"land group": 0.85}),
     "$.criteria[0].params.target_overrides.land group", "bad_flag"),
    ("unknown dossier field", _set(["criteria", 3, "params", "numerator"], ["early", "ontime"]),
     "$.criteria[3].params.numerator[1]", "unknown_dossier_field"),
    ("dossier field twice", _set(["criteria", 3, "params", "numerator"], ["early", "early"]),
     "$.criteria[3].params.numerator[1]", "duplicate_field"),
    ("empty numerator", _set(["criteria", 3, "params", "numerator"], []),
     "$.criteria[3].params.numerator", "empty_list"),
    ("bad denominator", _set(["criteria", 3, "params", "denominator"], "early"),
     "$.criteria[3].params.denominator", "unknown_dossier_field"),
    ("thresholds not decreasing", _set(["grades", 1, "min_total"], 95),
     "$.grades", "thresholds_out_of_order"),
    ("equal thresholds", _set(["grades", 1, "min_total"], 90),
     "$.grades", "thresholds_out_of_order"),
    ("grades listed worst first", _swap_grades, "$.grades", "thresholds_out_of_order"),
    ("duplicated grade", _set(["grades", 1, "grade"], "hoan_thanh_xuat_sac"),
     "$.grades[1].grade", "duplicate_grade"),
    ("missing grade", _delete(["grades", 2]), "$.grades", "missing_grade"),
    ("unknown grade", _set(["grades", 0, "grade"], "xuat_sac"),
     "$.grades[0].grade", "unknown_grade"),
    ("lowest threshold above 0", _set(["grades", 3, "min_total"], 10),
     "$.grades[3].min_total", "lowest_threshold_not_zero"),
    ("threshold above 100", _set(["grades", 0, "min_total"], 101),
     "$.grades[0].min_total", "out_of_range"),
    ("unknown cap", _set(["caps", 0, "when"], "late_arrival"), "$.caps[0].when", "unknown_cap"),
    ("duplicate cap", _set(["caps", 1, "when"], "confirmed_report"),
     "$.caps[1].when", "duplicate_cap"),
    ("quota share above 1", _set(["quota", "max_share"], 1.5),
     "$.quota.max_share", "out_of_range"),
    ("unknown adjustment", _set(["adjustment", "method"], "laplace"),
     "$.adjustment.method", "unknown_method"),
    ("negative prior weight", _set(["adjustment", "prior_weight"], -1),
     "$.adjustment.prior_weight", "out_of_range"),
    ("negative minimum count", _set(["adjustment", "min_count"], -1),
     "$.adjustment.min_count", "out_of_range"),
    ("fractional minimum count", _set(["adjustment", "min_count"], 2.5),
     "$.adjustment.min_count", "wrong_type"),
    ("unknown annual rule", _set(["annual", "rule"], "best_11_months"),
     "$.annual.rule", "unknown_rule"),
    ("bad date", _set(["effective_from"], "01/01/2026"), "$.effective_from", "bad_date"),
    ("impossible date", _set(["effective_from"], "2026-02-30"), "$.effective_from", "bad_date"),
    ("version 0", _set(["version"], 0), "$.version", "bad_version"),
    ("version as text", _set(["version"], "1"), "$.version", "wrong_type"),
    ("unsupported format", _set(["format"], "other/2"), "$.format", "unsupported_format"),
    ("missing name", _delete(["name"]), "$.name", "missing_field"),
    ("blank name", _set(["name"], "   "), "$.name", "empty_text"),
    ("unknown top-level field", _set(["formula"], "A1 + A2"), "$.formula", "unknown_field"),
    ("text for a switch", _set(["rescale_not_applicable"], "yes"),
     "$.rescale_not_applicable", "wrong_type"),
    ("infinite points", _set(["criteria", 7, "max_points"], float("inf")),
     "$.criteria[7].max_points", "wrong_type"),
    ("true as points", _set(["criteria", 7, "max_points"], True),
     "$.criteria[7].max_points", "wrong_type"),
    ("criteria not a list", _set(["criteria"], {"A1": 15}), "$.criteria", "not_a_list"),
    ("empty criteria", _set(["criteria"], []), "$.criteria", "empty_list"),
    ("criterion not an object", _set(["criteria", 0], "A1"), "$.criteria[0]", "not_an_object"),
    ("a decree kind in the first format", _set(["criteria", 0, "kind"], "human_score"),
     "$.criteria[0].kind", "needs_format_2"),
]

#: Problems of the second format, each made on the NĐ 335 default document.
INVALID_2 = [
    ("unknown period", _set(["period"], "week"), "$.period", "unknown_period"),
    ("quarter from mid-quarter", _set(["period"], "quarter"), "$.effective_from",
     "bad_quarter_start"),
    ("composite naming an unknown input",
     _set(["criteria", 3, "params", "sub_rates", 0, "denominator"], "giao"),
     "$.criteria[3].params.sub_rates[0].denominator", "unknown_input"),
    ("unknown override", _set(["overrides", 0, "when"], "corruption"), "$.overrides[0].when",
     "unknown_override"),
    ("override twice", _set(["overrides", 1, "when"], "discipline_public_duty"),
     "$.overrides[1].when", "duplicate_override"),
    ("override window", _set(["overrides", 0, "within"], "decade"), "$.overrides[0].within",
     "unknown_window"),
    ("quota base", _set(["quota", "base"], "everyone"), "$.quota.base", "unknown_base"),
    ("quota group", _set(["quota", "groups"], ["team"]), "$.quota.groups[0]",
     "unknown_quota_group"),
    ("quota exception on without its share", _set(["quota", "exception", "enabled"], True),
     "$.quota.exception.max_share", "exception_without_share"),
    ("quota exception share out of range", _set(["quota", "exception", "max_share"], 1.5),
     "$.quota.exception.max_share", "out_of_range"),
    ("unit sub-rate reusing an own code",
     _set(["criteria", 3, "params", "unit_sub_rates", 0, "code"], "quantity"),
     "$.criteria[3].params.unit_sub_rates[0].code", "duplicate_code"),
    ("unit sub-rate naming an unknown input",
     _set(["criteria", 3, "params", "unit_sub_rates", 2, "deduction", "events"], "cham"),
     "$.criteria[3].params.unit_sub_rates[2].deduction.events", "unknown_input"),
]


def decree_document():
    from evaluation.rubric import load_default_rubric

    document = rubric_to_dict(load_default_rubric())
    document["effective_from"] = "2026-02-01"
    return document


@pytest.mark.parametrize("change, path, code", [row[1:] for row in INVALID_2],
                         ids=[row[0] for row in INVALID_2])
def test_an_invalid_second_format_rubric_is_refused_with_one_located_problem(change, path,
                                                                             code):
    document = copy.deepcopy(decree_document())
    if code != "bad_quarter_start":
        document["effective_from"] = "2026-01-01"
    change(document)
    with pytest.raises(RubricError) as caught:
        parse_rubric(document)
    assert [(p.path, p.code) for p in caught.value.problems] == [(path, code)]


@pytest.mark.parametrize("change, path, code", [row[1:] for row in INVALID],
                         ids=[row[0] for row in INVALID])
def test_an_invalid_rubric_is_refused_with_one_located_problem(change, path, code):
    document = copy.deepcopy(default_document())
    change(document)
    with pytest.raises(RubricError) as caught:
        parse_rubric(document)
    assert [(p.path, p.code) for p in caught.value.problems] == [(path, code)]
    assert f"[{code}]" in str(caught.value)


def test_every_problem_is_reported_at_once():
    document = default_document()
    document["criteria"][0]["kind"] = "formula"
    document["criteria"][4]["params"]["target"] = 2
    document["effective_from"] = "tomorrow"
    with pytest.raises(RubricError) as caught:
        parse_rubric(document)
    assert {p.code for p in caught.value.problems} == {"unknown_kind", "target_out_of_range",
                                                       "bad_date"}


@pytest.mark.parametrize("document", [None, [], "rubric", 42])
def test_a_document_that_is_not_an_object_is_refused(document):
    with pytest.raises(RubricError) as caught:
        parse_rubric(document)
    assert [(p.path, p.code) for p in caught.value.problems] == [("$", "not_an_object")]


def test_the_document_names_its_format():
    assert default_document()["format"] == RUBRIC_FORMAT


def test_every_problem_code_has_a_row_in_the_table_above():
    assert {row[-1] for row in INVALID + INVALID_2} | {"not_an_object"} == set(PROBLEM_CODES)


def test_docs_rubric_md_explains_every_problem_code_and_kind():
    text = (Path(__file__).parents[2] / "docs" / "rubric.md").read_text(encoding="utf-8")
    missing = [code for code in PROBLEM_CODES if f"`{code}`" not in text]
    assert missing == []
    for kind in ("rating_share", "conduct_share", "confirmed_report_deduction", "dossier_rate",
                 "breach_deduction", "leader_score"):
        assert f"`{kind}`" in text


def test_points_that_sum_to_100_with_float_noise_give_a_maximum_of_exactly_100():
    rubric = parse_rubric(default_document())
    noisy = [replace(c, max_points=0.1) for c in rubric.criteria[:1]] * 1000
    assert sum(c.max_points for c in noisy) != 100
    assert replace(rubric, criteria=tuple(noisy)).max_total == 100
