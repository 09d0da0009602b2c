"""Officers' contests of ratings: the list, and the leader's decision."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField, TextAreaField

from admin.common.forms import ConsoleForm, at_most, options
from admin.common.nav import add_nav
from admin.people.auth import require_roles
from admin.people.scope import department_scope, page_number
from admin.ratings.forms import REVIEW_MESSAGES
from models import RatingContest
from models.ops.reviews import MAX_REASON_LENGTH, ReviewRefused, decide_contest
from models.queries.ratings import find_contests
from web.audit import audit
from web.db import get_session, write_session

READERS = ("leader", "hr", "liaison")
add_nav("admin.contests", _l("Contests"), READERS, order=14)

CONTEST_STATUSES = {"pending": _l("Waiting"), "accepted": _l("Accepted"),
                    "rejected": _l("Rejected")}


class DecisionForm(ConsoleForm):
    """Accept or reject, with a note (required to reject)."""

    decision = SelectField(_l("Decision"), choices=options([
        ("accept", _l("Accept: exclude the rating")), ("reject", _l("Reject: the rating counts"))]))
    note = TextAreaField(_l("Note to the officer"), validators=[at_most(MAX_REASON_LENGTH)])


@require_roles(*READERS)
def contests():
    """List contests, waiting ones by default."""
    status = request.args.get("status", "pending")
    status = status if status in CONTEST_STATUSES else None
    page = find_contests(get_session(), status, department_scope(),
                         page_number(request.args.get("page")))
    return render_template("evaluation/contests.html", page=page, status=status,
                           statuses=CONTEST_STATUSES, form=DecisionForm())


@require_roles("leader")
def contest_decide(contest_id):
    """Accept a contest (the rating is excluded, naming the contest) or reject it."""
    form = DecisionForm()
    session = write_session()
    contest = session.get(RatingContest, contest_id) or abort(404)
    if not form.validate():
        flash(_("Please choose accept or reject."), "error")
        return redirect(url_for("admin.contests"))
    try:
        decide_contest(session, contest, form.decision.data == "accept", form.note.data,
                       current_user.user.id)
    except ReviewRefused as exc:
        session.rollback()
        message = (_("Please write why the contest is rejected.")
                   if exc.code == "reason_required" else REVIEW_MESSAGES[exc.code])
        flash(message, "error")
    else:
        audit("contest.decide", "contest", contest.id, before={"status": "pending"},
              after={"status": contest.status, "note": contest.decision_note,
                     "rating_excluded": contest.rating.excluded})
        session.commit()
        flash(_("The decision has been recorded."))
    return redirect(url_for("admin.contests"))
