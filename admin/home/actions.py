"""Each role's next actions on the console home: what waits for the person, counted, linked.

One list per role, most urgent first; an action with nothing waiting is left out, except the
few a role always needs (its sheet, its exports), which show as plain links.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.common.formats import last_day_filter, month_filter
from admin.common.periods import default_month, zone
from admin.evaluation import annual
from admin.evaluation.assessment.support import SHEET_STATUS, board_scope
from admin.people.scope import department_scope
from evaluation.periods import month_of_instant, period_window_utc
from models.ops.flags import pending_in_window
from models.ops.months import FINISHED_SHEETS
from models.queries import home as counts
from models.queries.alerts import AlertFilters, count_open, find_alerts
from models.queries.assessment import WAITING_OFFICER, board, period_state
from models.queries.flags import open_lockout_alerts, pending_count
from web.db import get_session

#: How many of the newest open alerts the home lists (one tap opens each).
ALERTS_ON_HOME = 5


@dataclass(frozen=True)
class NextAction:
    """One thing to do: what, how many wait (None: a plain link), where, and how urgent."""

    code: str
    text: str
    url: str
    count: int | None = None
    urgent: bool = False


def next_actions(notice: dict | None) -> list[NextAction]:
    """Return the signed-in person's next actions; ``notice`` is the self-assessment notice."""
    role = current_user.role
    build = {"leader": _leader, "hr": _hr, "liaison": _liaison, "officer": _officer,
             "admin": _admin}[role]
    actions = build(notice)
    return sorted(actions, key=lambda a: (not a.urgent, a.count is None))


def newest_open_alerts(limit: int = ALERTS_ON_HOME):
    """Return the newest open alerts the person may see (leaders and liaisons)."""
    if current_user.role not in ("leader", "liaison", "admin"):
        return []
    page = find_alerts(get_session(), AlertFilters(scope=department_scope()))
    return page.items[:limit]


def _alerts(scope) -> list[NextAction]:
    session = get_session()
    found = [NextAction("alerts", _("%(count)d open alert(s) wait for a follow-up",
                                    count=(n := count_open(session, scope))),
                        url_for("admin.alerts"), n, True),
             NextAction("flags", _("%(count)d flagged rating(s) wait for a decision",
                                   count=(m := pending_count(session, scope))),
                        url_for("admin.flags"), m, True),
             NextAction("contests", _("%(count)d contest(s) wait for a decision",
                                      count=(k := counts.pending_contests(session, scope=scope))),
                        url_for("admin.contests"), k, True)]
    return [a for a in found if a.count]


def _assessment(notice) -> list[NextAction]:
    if not notice:
        return []
    board_url = url_for("admin.assessment_board", period=notice["period"])
    found = [NextAction("to_review", _("%(n)s sheet(s) wait for your review.",
                                       n=notice["to_review"]),
                        board_url, notice["to_review"], True),
             NextAction("to_approve", _("%(n)s sheet(s) wait for approval.",
                                        n=notice["to_approve"]),
                        board_url, notice["to_approve"], True)]
    return [a for a in found if a.count]


def _month(with_sheets: bool) -> list[NextAction]:
    """The latest ended month: closed, or open with what still stands before its closing."""
    session, month = get_session(), default_month()
    period, label = str(month), month_filter(default_month())
    url = url_for("admin.month_detail", period=period) + "#close-checklist"
    if counts.month_status(session, period) == "closed":
        return [NextAction("month_closed", _("Month %(month)s is closed", month=label), url)]
    held = pending_in_window(session, *period_window_utc(month, zone()))
    waiting = 0
    if with_sheets and period_state(session, period).deadline is not None:
        waiting = sum(1 for r in board(session, period) if r.status not in FINISHED_SHEETS)
    found = [NextAction("month_open", _("Month %(month)s is still open: see what remains before "
                                        "closing it", month=label), url, None, True)]
    if held:
        found.append(NextAction("month_flags", _(
            "%(count)d flagged rating(s) of %(month)s must be decided before closing",
            count=held, month=label), url_for("admin.flags", month=period), held, True))
    if waiting:
        found.append(NextAction("month_sheets", _(
            "%(count)d self-assessment(s) of %(month)s are not approved yet",
            count=waiting, month=label), url_for("admin.assessment_board", period=period),
            waiting, True))
    return found


def _annual() -> list[NextAction]:
    """The year's grading: its deadline and the days left, from the day grading opens."""
    status = annual.home_status(get_session())
    if status is None:
        return []
    text, urgent = annual.deadline_notice(status)
    return [NextAction("annual_grading", text, url_for("admin.annual", year=status.year),
                       None, urgent)]


def _leader(notice) -> list[NextAction]:
    session = get_session()
    actions = _annual() + _alerts(None) + _assessment(notice) + _month(with_sheets=False)
    pins = len(open_lockout_alerts(session))
    if pins:
        actions.append(NextAction("pins", _("%(count)d tablet(s) with repeated PIN lock-outs",
                                            count=pins), url_for("admin.flags") + "#pins",
                                  pins, True))
    return actions


def _exports() -> list[NextAction]:
    period = str(default_month())
    label = month_filter(default_month())
    return [NextAction("ranking", _("Ranking of %(month)s", month=label),
                       url_for("admin.ranking", month=period)),
            NextAction("ranking_pdf", _("Ranking printout of %(month)s (PDF)", month=label),
                       url_for("admin.ranking_pdf", month=period)),
            NextAction("ranking_xlsx", _("Excel workbook of %(month)s", month=label),
                       url_for("admin.ranking_xlsx", month=period))]


def _hr(notice) -> list[NextAction]:
    inputs = NextAction("inputs", _("Monthly inputs of %(month)s", month=month_filter(
        default_month())), url_for("admin.inputs", month=str(default_month())))
    return [*_annual(), *_month(with_sheets=True), inputs, *_exports()]


def _liaison(notice) -> list[NextAction]:
    scope = department_scope()
    actions = _alerts(scope) + _assessment(notice)
    period = str(default_month())
    if period_state(get_session(), period).deadline is not None:
        rows = board(get_session(), period, board_scope())
        waiting = sum(1 for r in rows if r.status not in FINISHED_SHEETS)
        if waiting:
            actions.append(NextAction("sheets", _(
                "%(count)d self-assessment(s) in your departments are not approved yet",
                count=waiting), url_for("admin.assessment_board", period=period), waiting,
                True))
    actions.append(NextAction("ranking", _("Ranking of your departments"),
                              url_for("admin.ranking", month=period)))
    return actions


def _officer(notice) -> list[NextAction]:
    session, officer_id = get_session(), current_user.user.officer_id
    actions = []
    if notice and notice.get("own") is not None:
        own, due = notice["own"], notice["own"] in WAITING_OFFICER and not notice["passed"]
        label = _("Your sheet")
        text = f"{label}: {SHEET_STATUS[own]}."
        if due:
            text += " " + _("Hand it in by the end of %(day)s.",
                            day=last_day_filter(notice["deadline"]))
        actions.append(NextAction("my_assessment", text, url_for(
            "admin.assessment_sheet", period=notice["period"], officer_id=officer_id),
            None, due))
    if officer_id is not None:
        contests = counts.pending_contests(session, officer_id=officer_id)
        if contests:
            actions.append(NextAction("my_contests", _(
                "%(count)d of your contests wait for a leader's decision", count=contests),
                url_for("admin.my_ratings"), contests))
        this_month = month_of_instant(datetime.now(UTC), zone())
        start, end = period_window_utc(this_month, zone())
        total, commented = counts.officer_ratings_between(session, officer_id, start, end)
        actions.append(NextAction("my_ratings", _(
            "Your ratings this month: %(total)d, %(commented)d with a comment",
            total=total, commented=commented), url_for("admin.my_ratings"), total))
    actions.append(NextAction("my_sheet", _("Your monthly sheet"), url_for("admin.my_sheet")))
    return actions


def _admin(notice) -> list[NextAction]:
    session = get_session()
    offline = counts.offline_tablets(session, datetime.now(UTC))
    actions = []
    if offline:
        actions.append(NextAction("tablets", _("%(count)d tablet(s) not heard from lately",
                                               count=offline), url_for("admin.tablets"),
                                  offline, True))
    keys = counts.active_api_keys(session)
    return [
        *actions,
        NextAction("keys", _("%(count)d integration key(s) in use (on each site's page)",
                             count=keys), url_for("admin.sites"), keys),
        NextAction("accounts", _("Accounts"), url_for("admin.users")),
        NextAction("settings", _("Report settings"), url_for("admin.org_settings")),
        NextAction("audit", _("Audit log"), url_for("admin.audit_log"))]
