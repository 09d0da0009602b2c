"""What the register's console pages print for codes: problems, figures, channels."""

from flask_babel import lazy_gettext as _l

from admin.common.formats import pick
from models.ops.register_columns import BY_NAME, PRESETS

#: Row problems (models.ops.register_rows.MESSAGES); %(field)s and %(value)s filled in.
REGISTER_PROBLEMS = {
    "missing_value": _l("“%(field)s” is empty."),
    "bad_code": _l("The dossier code “%(value)s” is not valid."),
    "too_long": _l("“%(field)s” is too long."),
    "bad_date": _l("“%(field)s” is not a date written day first (“%(value)s”)."),
    "bad_flag": _l("“%(field)s” must say yes or no (“%(value)s”)."),
    "bad_channel": _l("“%(field)s” must be direct, online or post (“%(value)s”)."),
    "bad_count": _l("“%(field)s” must be a whole number (“%(value)s”)."),
    "bad_phone": _l("The phone number is not valid."),
    "bad_id": _l("The ID number is not valid."),
    "in_future": _l("“%(field)s” is in the future (%(value)s)."),
    "due_before_receipt": _l("The due date is before the day of receipt (%(value)s)."),
    "before_receipt": _l("“%(field)s” is before the day of receipt (%(value)s)."),
    "result_before_receipt": _l("The result is dated before the day of receipt (%(value)s)."),
    "returned_before_result": _l("The result was handed back before it was ready "
                                 "(%(value)s)."),
    "unknown_officer": _l("No officer of this site is “%(value)s”."),
    "ambiguous_officer": _l("Several officers of this site are named “%(value)s”: give the "
                            "officer's code."),
    "officer_elsewhere": _l("Officer “%(value)s” works at another site."),
    "duplicate_code": _l("Dossier %(value)s is listed twice with different content."),
    "code_of_other_site": _l("Dossier %(value)s belongs to another site's register."),
    "conflicts_with_register": _l("The dates of dossier %(value)s would no longer be in "
                                  "order with what the register already holds."),
    "no_officer_column": _l("No column names the receiving officer (by name or by code)."),
    "no_rows": _l("The file has a header but no dossiers."),
    "too_many_items": _l("A batch holds at most %(value)s dossiers."),
    "not_an_object": _l("Each dossier must be a JSON object."),
    "unknown_field": _l("Unknown field “%(value)s”."),
}

MAPPING_ERRORS = {
    "name_required": _l("Give the mapping a name."),
    "name_too_long": _l("The name is at most 120 characters."),
    "name_taken": _l("Another mapping has this name."),
    "reserved_name": _l("This name belongs to a built-in layout: choose another."),
    "header_too_long": _l("A column name is at most 200 characters."),
    "unknown_mapping": _l("No such column mapping."),
}

#: The figures of the officer's sheet a dossier list can show.
FIGURE_LABELS = {
    "received": _l("received"),
    "received_online": _l("received online"),
    "supplement_requests": _l("with a request for more papers"),
    "resolved": _l("resolved"),
    "early": _l("resolved early"),
    "on_time": _l("resolved on time"),
    "late": _l("resolved late"),
    "digitised": _l("digitised"),
    "quality_failures": _l("quality failures"),
    "late_with_apology": _l("late, with an apology"),
    "returned": _l("returned"),
    "returned_by_post": _l("returned by post"),
}

CHANNEL_LABELS = {"direct": _l("in person"), "online": _l("online"), "post": _l("by post")}


def field_label(name: str | None) -> str:
    """Return a register field's label in the page's language."""
    field = BY_NAME.get(name or "")
    return pick(field.label_vi, field.label_en) if field else (name or "")


def problem_text(problem) -> str:
    """Return a register row problem in the page's language (without its row)."""
    return str(REGISTER_PROBLEMS[problem.code]) % {"field": field_label(problem.field),
                                                    "value": problem.value}


def mapping_choices(saved) -> list[tuple[str, str]]:
    """Return the layouts an import may use: every known header, the presets, saved ones."""
    return [("auto", str(_l("Recognise the columns by their usual names"))),
            *[(name, label) for name, (label, _columns) in PRESETS.items()],
            *[(m.name, m.name) for m in saved]]
