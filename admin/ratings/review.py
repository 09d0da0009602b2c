"""Ratings for review: filtered list, one rating in full, and exclusion by a leader."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin.common.nav import add_nav
from admin.people.auth import require_roles
from admin.people.scope import department_scope, page_number, require_department
from admin.ratings.flag_text import FLAG_STATUS
from admin.ratings.forms import REVIEW_MESSAGES, ReasonForm
from models import Officer, Rating, RatingContest, User
from models.ops.reviews import ReviewRefused, exclude_rating
from models.queries import alerts as alert_queries
from models.queries.flags import flag_lines
from models.queries.org import department_choices, officer_choices, site_choices
from models.queries.ratings import RatingFilters, find_ratings
from web.audit import audit
from web.db import get_session, write_session

READERS = ("leader", "hr", "liaison")
add_nav("admin.ratings", _l("Ratings"), READERS, order=12)


def _filters() -> RatingFilters:
    args = request.args
    excluded = {"1": True, "0": False}.get(args.get("excluded", ""))
    return RatingFilters(
        site_id=args.get("site_id", type=int), department_id=args.get("department_id", type=int),
        officer_id=args.get("officer_id", type=int), level=args.get("level", type=int),
        excluded=excluded, scope=department_scope())


@require_roles(*READERS)
def ratings():
    """List ratings, newest first, filtered by site, department, officer, level, exclusion."""
    session = get_session()
    filters = _filters()
    page = find_ratings(session, filters, page_number(request.args.get("page")))
    return render_template(
        "ratings/ratings.html", page=page, filters=filters, sites=site_choices(session),
        departments=department_choices(session, filters.scope),
        officers=officer_choices(session, filters.scope),
        query_args={k: v for k, v in request.args.items() if k != "page"})


@require_roles(*READERS)
def rating_detail(rating_id):
    """Show one rating: answers, comment, exclusion and contests; leaders may exclude it."""
    session = get_session()
    rating = session.get(Rating, rating_id) or abort(404)
    officer = session.get(Officer, rating.officer_id) if rating.officer_id else None
    require_department(officer.department_id if officer else None)
    contests = list(session.scalars(select(RatingContest).where(
        RatingContest.rating_id == rating.id).order_by(RatingContest.created_at)))
    excluded_by = session.get(User, rating.excluded_by_id) if rating.excluded_by_id else None
    return render_template(
        "ratings/rating_detail.html", rating=rating, officer=officer, contests=contests,
        excluded_by=excluded_by, form=ReasonForm(),
        flags=flag_lines(session, [rating.id]).get(rating.id, []), flag_status=FLAG_STATUS,
        level=alert_queries.level_label(session, rating),
        answers=alert_queries.rating_items(session, rating.id))


@require_roles("leader")
def rating_exclude(rating_id):
    """Exclude a rating from scoring with a reason; it is kept and listed on reports."""
    form = ReasonForm()
    session = write_session()
    rating = session.get(Rating, rating_id) or abort(404)
    if not form.validate():
        flash(REVIEW_MESSAGES["reason_required"], "error")
        return redirect(url_for("admin.rating_detail", rating_id=rating.id))
    try:
        exclude_rating(session, rating, form.reason.data, current_user.user.id)
    except ReviewRefused as exc:
        session.rollback()
        flash(REVIEW_MESSAGES[exc.code], "error")
    else:
        audit("rating.exclude", "rating", rating.id, before={"excluded": False},
              after={"excluded": True, "reason": rating.excluded_reason})
        session.commit()
        flash(_("The rating is excluded from scoring. It stays listed with the reason."))
    return redirect(url_for("admin.rating_detail", rating_id=rating_id))
