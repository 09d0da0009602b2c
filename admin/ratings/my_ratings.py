"""The officer's own ratings (comments shown, nothing that identifies a citizen), and
contesting one of them with a reason."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.common.nav import add_nav
from admin.people.auth import require_roles
from admin.people.scope import page_number
from admin.ratings.forms import REVIEW_MESSAGES, ReasonForm
from models import Rating
from models.ops.reviews import ReviewRefused, contest_rating
from models.queries.ratings import contest_statuses, officer_ratings
from web.audit import audit
from web.db import get_session, write_session

add_nav("admin.my_ratings", _l("My ratings"), ("officer",), order=5)


@require_roles("officer")
def my_ratings():
    """List the signed-in officer's ratings, newest first, with the contest action."""
    officer_id = current_user.user.officer_id
    if officer_id is None:
        return render_template("ratings/my_ratings.html", page=None, contests={}, form=None)
    session = get_session()
    page = officer_ratings(session, officer_id, page_number(request.args.get("page")))
    return render_template("ratings/my_ratings.html", page=page, form=ReasonForm(),
                           contests=contest_statuses(session, [r.id for r in page.items]))


@require_roles("officer")
def my_rating_contest(rating_id):
    """Contest one of one's own ratings with a reason; a leader decides."""
    officer_id = current_user.user.officer_id
    form = ReasonForm()
    session = write_session()
    rating = session.get(Rating, rating_id)
    if rating is None or officer_id is None or rating.officer_id != officer_id:
        abort(404)
    if not form.validate():
        flash(_("Please write why you contest this rating (at most 500 characters)."), "error")
        return redirect(url_for("admin.my_ratings"))
    try:
        contest = contest_rating(session, rating, officer_id, form.reason.data)
    except ReviewRefused as exc:
        session.rollback()
        flash(REVIEW_MESSAGES[exc.code], "error")
    else:
        audit("rating.contest", "contest", contest.id,
              after={"rating_id": str(rating.id), "reason": contest.reason})
        session.commit()
        flash(_("Your contest has been sent. A leader will decide."))
    return redirect(url_for("admin.my_ratings"))
