"""NĐ 335/2025 for leaders and outstanding units in the console: an officer's leading posts
(a leader or an administrator records them) and the sites that qualify for the quota's
exception in a year (an administrator records them). Every change is audited."""

from datetime import UTC, datetime

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin.common.nav import add_nav
from admin.evaluation.forms import ActionForm, LeadingPostForm, OutstandingUnitForm, PostEndForm
from admin.evaluation.labels import INPUT_ERRORS
from admin.people.auth import require_roles
from evaluation import month_of_instant
from models import LeadingPost, OutstandingUnit, Site
from models.ops.inputs import InputError, entry_as_dict
from models.ops.leadership import (
    add_outstanding,
    add_post,
    delete_outstanding,
    delete_post,
    end_post,
)
from web.audit import audit
from web.db import get_session, write_session

add_nav("admin.outstanding_units", _l("Quota exception"), (), order=29)


def _back(officer_id: int):
    month = request.values.get("month", "")
    return redirect(url_for("admin.officer_inputs", officer_id=officer_id,
                            **({"month": month} if month else {})) + "#posts")


def _refuse(form, officer_id: int):
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "error")
    return _back(officer_id)


@require_roles("leader")
def post_add(officer_id: int):
    """Record that the officer holds a leading or managing post from a date."""
    form = LeadingPostForm()
    if not form.validate_on_submit():
        return _refuse(form, officer_id)
    session = write_session()
    try:
        post = add_post(session, officer_id, unit=form.unit.data, title=form.title.data or "",
                        started_on=form.started_on.data, note=form.note.data or "",
                        user_id=current_user.user.id)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id)
    audit("leading_post.create", "leading_post", post.id, after=entry_as_dict(post))
    session.commit()
    flash(_("The post is recorded."), "success")
    return _back(officer_id)


def _post_or_404(session, post_id: int) -> LeadingPost:
    post = session.get(LeadingPost, post_id)
    if post is None:
        abort(404)
    return post


@require_roles("leader")
def post_end(post_id: int):
    """Set or clear the last day of a post."""
    form = PostEndForm()
    session = write_session()
    post = _post_or_404(session, post_id)
    if not form.validate_on_submit():
        return _refuse(form, post.officer_id)
    try:
        before, after = end_post(session, post, form.ended_on.data,
                                 user_id=current_user.user.id)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(post.officer_id)
    audit("leading_post.end", "leading_post", post.id, before=before, after=after)
    session.commit()
    flash(_("The post is saved."), "success")
    return _back(post.officer_id)


@require_roles("leader")
def post_delete(post_id: int):
    """Delete a post recorded by mistake."""
    if not ActionForm().validate_on_submit():
        abort(400)
    session = write_session()
    post = _post_or_404(session, post_id)
    officer_id = post.officer_id
    try:
        before = delete_post(session, post, user_id=current_user.user.id)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id)
    audit("leading_post.delete", "leading_post", post_id, before=before)
    session.commit()
    flash(_("Deleted."), "success")
    return _back(officer_id)


def _site_choices(session) -> list[tuple[int, str]]:
    return [(site.id, site.name) for site in session.scalars(select(Site).order_by(Site.name))]


@require_roles()
def outstanding_units():
    """List and record the sites that qualify for the quota's exception, per year."""
    session = get_session()
    form = OutstandingUnitForm()
    form.site_id.choices = _site_choices(session)
    status = 200
    if request.method == "GET":
        zone = current_app.config["TIMEZONE"]
        form.year.data = month_of_instant(datetime.now(UTC), zone).year
    elif form.validate_on_submit():
        session = write_session()
        try:
            entry = add_outstanding(session, form.site_id.data, form.year.data,
                                    reference=form.reference.data or "",
                                    note=form.note.data or "", user_id=current_user.user.id)
        except InputError as exc:
            session.rollback()
            flash(INPUT_ERRORS[exc.code], "error")
            status = 400
        else:
            audit("outstanding_unit.create", "outstanding_unit", entry.id,
                  after=entry_as_dict(entry))
            session.commit()
            flash(_("The site is marked for that year."), "success")
            return redirect(url_for("admin.outstanding_units"))
    else:
        status = 400
    rows = session.execute(select(OutstandingUnit, Site.name)
                           .join(Site, Site.id == OutstandingUnit.site_id)
                           .order_by(OutstandingUnit.year.desc(), Site.name)).all()
    return render_template("evaluation/outstanding_units.html", form=form, rows=rows,
                           action_form=ActionForm()), status


@require_roles()
def outstanding_unit_delete(entry_id: int):
    """Delete a qualification recorded by mistake."""
    if not ActionForm().validate_on_submit():
        abort(400)
    session = write_session()
    entry = session.get(OutstandingUnit, entry_id)
    if entry is None:
        abort(404)
    try:
        before = delete_outstanding(session, entry)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return redirect(url_for("admin.outstanding_units"))
    audit("outstanding_unit.delete", "outstanding_unit", entry_id, before=before)
    session.commit()
    flash(_("Deleted."), "success")
    return redirect(url_for("admin.outstanding_units"))
