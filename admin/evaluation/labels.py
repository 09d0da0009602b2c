"""Names the evaluation pages print for engine codes, and messages for refused changes."""

from flask_babel import lazy_gettext as _l

#: Named inputs of a criterion (evaluation.results.CriterionResult.inputs).
INPUT_LABELS = {
    "satisfied": _l("satisfied ratings"),
    "scored": _l("scored ratings"),
    "site_rate": _l("site rate (p0)"),
    "prior_weight": _l("prior weight (m)"),
    "yes": _l("answered Yes"),
    "answered": _l("items answered"),
    "confirmed_reports": _l("confirmed reports"),
    "breaches": _l("breaches"),
    "deduction": _l("points deducted"),
    "leader_score": _l("leader's score"),
    "received": _l("received"),
    "early": _l("resolved early"),
    "on_time": _l("resolved on time"),
    "late": _l("resolved late"),
    "resolved": _l("resolved"),
    "digitised": _l("digitised"),
    "received_online": _l("received online"),
    "returned_by_post": _l("returned by post"),
    "returned": _l("results returned"),
    "assigned": _l("assigned"),
    "supplement_requests": _l("requests for more papers"),
    "quality_failures": _l("quality failures"),
    "late_with_apology": _l("late with an apology"),
    "sub_rates_applied": _l("parts that apply"),
    "self_score": _l("officer's self-score"),
    "head_score": _l("department head's score"),
    "final_score": _l("leader's final score"),
    "satisfaction_adjusted": _l("adjusted satisfaction"),
    "conduct_adjusted": _l("adjusted “4 xin, 4 luôn”"),
    "citizen_weight": _l("weight of the citizen evidence"),
    "citizen_share": _l("citizen evidence"),
}

MONTH_STATUS = {"open": _l("Open (live draft)"), "closed": _l("Closed (frozen)")}

RUBRIC_STATUS = {"draft": _l("Draft"), "active": _l("Active"), "retired": _l("Retired")}

CONTEST_STATUS = {"pending": _l("Pending"), "accepted": _l("Accepted"),
                  "rejected": _l("Rejected")}

RATING_SOURCES = {"kiosk": _l("Counter tablet"), "qr_visit": _l("Receipt QR"),
                  "qr_counter": _l("Counter poster QR"), "dossier_code": _l("Dossier code")}

#: Which of an officer's ratings of the month a list shows.
RATING_KINDS = {
    "all": _l("All"),
    "scored": _l("Verified (scored)"),
    "unverified": _l("Unverified"),
    "excluded": _l("Excluded"),
    "held": _l("Held for a leader's review"),
    "late": _l("Arrived late"),
}

MONTH_ERRORS = {
    "not_ended": _l("The month has not ended yet; close it once it is over."),
    "already_closed": _l("The month is already closed."),
    "not_closed": _l("The month is not closed."),
    "reason_required": _l("Give the reason for reopening the month."),
    "leader_required": _l("Only a centre leader may reopen a month."),
    "flags_pending": _l("Some ratings of this month are flagged and wait for a decision: "
                        "decide them on the review queue, then close the month."),
}

INPUT_ERRORS = {
    "month_closed": _l("This month is closed: reopen it before changing its inputs."),
    "unknown_officer": _l("No such officer."),
    "bad_kind": _l("Give the kind of breach (at most 120 characters)."),
    "bad_form": _l("Give the form of discipline (at most 120 characters)."),
    "bad_reference": _l("The decision number is at most 120 characters."),
    "bad_deduction": _l("A deduction is between 0 and 100 points."),
    "bad_score": _l("The leader's score is outside the range of its criterion."),
    "note_too_long": _l("The note is at most 1000 characters."),
    "bad_assigned": _l("The assigned number is a whole number from 0 to 1000000."),
    "bad_percent": _l("The share of the month worked is from 0 to 100%."),
    "bad_count": _l("A waiver covers at least one delay or failure."),
    "reason_required": _l("Write the objective cause (or the conclusion's number)."),
    "own_record": _l("You cannot record or change what grades your own evaluation: another "
                     "leader or an administrator does."),
    "own_unit": _l("You lead this officer's unit in that month and its figures count in your "
                   "own evaluation: another leader or an administrator records them."),
    "bad_unit": _l("A post leads the officer's department or their whole site."),
    "title_required": _l("Write the post (e.g. Trưởng bộ phận, Phó Giám đốc)."),
    "post_overlaps": _l("The officer already holds a post on that date or after it: end that "
                        "post first."),
    "ends_before_start": _l("A post cannot end before its first day."),
    "bad_conclusion_kind": _l("Choose what was concluded."),
    "not_a_leader": _l("The officer held no leading post in that year up to that date: record "
                       "the post first."),
    "unknown_site": _l("No such site."),
    "bad_year": _l("The year is from 2000 to 2100."),
    "reference_required": _l("Write the decision that makes the site qualify."),
    "already_outstanding": _l("This site is already marked for that year."),
}

RUBRIC_CHANGE_ERRORS = {
    "not_found": _l("No such rubric version."),
    "not_draft": _l("Only a draft can be edited: clone this version first."),
    "bad_json": _l("The text is not valid JSON (%(detail)s)."),
    "too_long": _l("The document is too long."),
    "duplicate_version": _l("This name already has a version with that number: raise the "
                            "number."),
    "already_active": _l("This version is already active."),
    "not_active": _l("Only an active version can be retired."),
    "bad_effective_date": _l("The rubric cannot take effect on that date: a quarterly rubric "
                             "takes effect on the first day of a quarter."),
}
