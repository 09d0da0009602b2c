"""The review queue's words: each rule's name, and why it fired, as a sentence."""

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.blueprint import bp

RULE_LABELS = {
    "staff_session": _l("Staff browser"),
    "staff_address": _l("Officer's own address"),
    "fast_after_invite": _l("Too soon after the invite"),
    "invite_cap": _l("More invites than visits served"),
    "burst": _l("Burst at the counter"),
    "outside_hours": _l("Outside opening hours"),
    "same_phone": _l("Same phone again"),
    "code_probing": _l("Dossier-code probing"),
}
FLAG_STATUS = {"pending": _l("Waiting for a decision"), "accepted": _l("Accepted: counts"),
               "excluded": _l("Excluded")}


def _moment(text: str | None) -> str:
    if not text:
        return "—"
    try:
        return format_datetime(datetime.fromisoformat(text), "HH:mm dd/MM/yyyy")
    except ValueError:
        return text


def _staff_session(d: dict) -> str:
    name = d.get("username") or "?"
    if not d.get("live"):
        return _("Sent from a browser last used for the console by %(name)s (signed out "
                 "since).", name=name)
    if d.get("own"):
        return _("Sent from a browser signed in to the console as %(name)s: the rated "
                 "officer's own account.", name=name)
    return _("Sent from a browser signed in to the console as %(name)s.", name=name)


REASONS = {
    "staff_session": _staff_session,
    "staff_address": lambda d: _(
        "Sent from the network address the rated officer used on the console at %(time)s "
        "(within %(minutes)d minutes).", time=_moment(d.get("console_at")),
        minutes=d.get("minutes", 0)),
    "fast_after_invite": lambda d: _(
        "Sent %(seconds)d seconds after the officer opened the visit (threshold %(limit)d s).",
        seconds=d.get("seconds", 0), limit=d.get("threshold", 0)),
    "invite_cap": lambda d: _(
        "Officer invites at the counter in the hour: %(invites)d, more than the %(allowed)d "
        "its service allows (%(served)d visits served otherwise).",
        invites=d.get("invites", 0), allowed=d.get("allowed", 0), served=d.get("served", 0)),
    "burst": lambda d: _(
        "%(ratings)d ratings at the counter within %(minutes)d minutes for %(visits)d visits "
        "opened there (at most %(limit)d).", ratings=d.get("ratings", 0),
        minutes=d.get("minutes", 0), visits=d.get("visits", 0), limit=d.get("limit", 0)),
    "outside_hours": lambda d: _(
        "At %(moment)s, outside the site's opening hours (%(opens)s–%(closes)s).",
        moment=_moment(d.get("local")), opens=d.get("opens", "?"), closes=d.get("closes", "?")),
    "same_phone": lambda d: _(
        "The same phone rated this officer %(earlier)d times in the %(days)d days before.",
        earlier=d.get("earlier", 0), days=d.get("days", 0)),
    "code_probing": lambda d: _(
        "The phone that typed this dossier code tried %(codes)d codes within %(minutes)d "
        "minutes (%(missing)d not found).", codes=d.get("codes", 0),
        minutes=d.get("minutes", 0), missing=d.get("not_found", 0)),
}


@bp.app_template_filter("flag_reason")
def flag_reason(line) -> str:
    """Return why a flag fired, as a sentence in the page's language."""
    explain = REASONS.get(line.rule)
    return explain(line.details) if explain else line.rule


@bp.app_template_filter("flag_rule")
def flag_rule(rule: str) -> str:
    """Return a rule's short name."""
    return str(RULE_LABELS.get(rule, rule))
