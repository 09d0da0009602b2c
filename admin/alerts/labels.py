"""The alerts' words: their kinds and the steps of their follow-up."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "new": _l("New"), "verifying": _l("Being verified"), "confirmed": _l("Confirmed"),
    "not_confirmed": _l("Not confirmed"),
}


KIND_LABELS = {"dissatisfied": _l("Không hài lòng"), "misconduct": _l("“5 không” report")}
