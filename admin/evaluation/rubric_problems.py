"""Rubric validation problems in words a centre's staff understand, with where they are."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: One message per evaluation.rubric problem code (PROBLEM_CODES); a test checks they match.
PROBLEM_MESSAGES = {
    "not_an_object": _l("A JSON object { … } is expected here."),
    "not_a_list": _l("A JSON list [ … ] is expected here."),
    "empty_list": _l("This list must not be empty."),
    "missing_field": _l("A required field is missing."),
    "unknown_field": _l("This field is not part of the rubric format (check the spelling)."),
    "wrong_type": _l("Wrong kind of value: text, number, whole number or true/false expected."),
    "empty_text": _l("This text must not be empty."),
    "bad_code": _l("A code starts with a letter, followed by letters, digits or _ (at most 32)."),
    "unsupported_format": _l("The format must be \"hailong.rubric/1\" or \"hailong.rubric/2\"."),
    "bad_version": _l("The version must be a whole number of at least 1."),
    "bad_date": _l("The date must be a real date written YYYY-MM-DD."),
    "duplicate_code": _l("This code is already used by another group or criterion."),
    "unknown_group": _l("The criterion names a group that is not defined."),
    "negative_points": _l("Points or a deduction cannot be below 0."),
    "zero_points": _l("Maximum points cannot be 0."),
    "points_not_100": _l("The maximum points of the criteria must add up to 100."),
    "unknown_kind": _l("Unknown criterion kind: use rating_share, conduct_share, "
                       "confirmed_report_deduction, dossier_rate, breach_deduction, "
                       "leader_score, human_score or task_results."),
    "missing_param": _l("A parameter this kind requires is missing."),
    "unknown_param": _l("This kind does not take this parameter (formulas are not allowed)."),
    "target_out_of_range": _l("A target is a share greater than 0 and at most 1 (write 0.9, "
                              "not 90)."),
    "bad_flag": _l("A department flag is a plain identifier such as land_group."),
    "unknown_dossier_field": _l("Unknown dossier field: use received, early, on_time, late, "
                                "resolved, digitised, received_online or returned_by_post."),
    "duplicate_field": _l("A dossier field is listed twice in the numerator."),
    "unknown_grade": _l("Unknown grade: use hoan_thanh_xuat_sac, hoan_thanh_tot, hoan_thanh "
                        "or khong_hoan_thanh."),
    "duplicate_grade": _l("This grade is listed twice."),
    "missing_grade": _l("One of the four grades has no threshold."),
    "thresholds_out_of_order": _l("Grades must be listed best first with decreasing minimum "
                                  "totals."),
    "lowest_threshold_not_zero": _l("The lowest grade must start at 0."),
    "out_of_range": _l("This number is outside its allowed range."),
    "unknown_cap": _l("Unknown cap: use confirmed_report or discipline."),
    "duplicate_cap": _l("This cap is listed twice."),
    "unknown_method": _l("Unknown adjustment method: use bayes or wilson."),
    "unknown_rule": _l("Unknown annual rule: use mean_of_months or mean_of_periods."),
    "needs_format_2": _l("This kind or field needs \"format\": \"hailong.rubric/2\"."),
    "unknown_period": _l("Unknown period: use month or quarter."),
    "bad_quarter_start": _l("A quarterly rubric takes effect on the first day of a quarter "
                            "(1 January, 1 April, 1 July or 1 October)."),
    "unknown_input": _l("Unknown input of the task results: use received, early, on_time, "
                        "late, resolved, digitised, received_online, returned_by_post, "
                        "assigned, returned, supplement_requests, quality_failures or "
                        "late_with_apology (waivers: waived_delays, waived_quality_failures)."),
    "unknown_override": _l("Unknown override: use discipline_public_duty, degradation or "
                           "leader_unit_violation."),
    "duplicate_override": _l("This override is listed twice."),
    "unknown_window": _l("Unknown window of an override: use period or year."),
    "unknown_base": _l("Unknown quota base: use graded or good."),
    "unknown_quota_group": _l("A quota group is site or department, each listed once."),
    "exception_without_share": _l("The exception for outstanding units is turned on without "
                                  "its share: fill in max_share from the centre's decision, "
                                  "or set enabled to false."),
}

_STEP = re.compile(r"\.?([A-Za-z_]+)(?:\[(\d+)\])?")
_LISTS = {"criteria": _l("criterion %(number)s%(code)s"), "groups": _l("group %(number)s%(code)s"),
          "grades": _l("grade %(number)s%(code)s"), "caps": _l("cap %(number)s%(code)s"),
          "sub_rates": _l("part %(number)s%(code)s"),
          "unit_sub_rates": _l("unit part %(number)s%(code)s"),
          "overrides": _l("override %(number)s%(code)s")}


def describe_path(path: str, document) -> str:
    """Turn ``$.criteria[2].params.target`` into "criterion 3 (B1) › params › target"."""
    steps, node = [], document
    for name, index in _STEP.findall(path.removeprefix("$")):
        node = node.get(name) if isinstance(node, dict) else None
        if index == "":
            steps.append(name)
            continue
        position = int(index)
        node = node[position] if isinstance(node, list) and position < len(node) else None
        code = _item_code(node)
        label = _LISTS.get(name)
        steps.append(str(label % {"number": position + 1, "code": f" ({code})" if code else ""})
                     if label else f"{name}[{position + 1}]")
    return " › ".join(steps) or _("the whole document")


def _item_code(node) -> str:
    if isinstance(node, dict):
        for key in ("code", "grade", "when"):
            if isinstance(node.get(key), str):
                return node[key]
    return ""


def problem_rows(error, document) -> list[tuple[str, str, str]]:
    """Return (where, message, code) for each problem of a RubricError."""
    return [(describe_path(p.path, document), str(PROBLEM_MESSAGES.get(p.code, p.message)),
             p.code) for p in error.problems]
