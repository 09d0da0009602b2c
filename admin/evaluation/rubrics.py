"""Rubric console: view a version, clone it into a draft, edit and check it, activate, retire.

Editing is on the JSON document itself, not on per-field forms: the format is documented
(docs/rubric.md) and checked as a whole by ``evaluation.parse_rubric``, whose problems are
located by JSON path, so a problem points straight at the text to fix; criteria have
kind-specific parameters that per-field forms would have to duplicate. The view page shows
the same rubric as tables for reading.
"""

import json

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin.common.nav import add_nav
from admin.evaluation.forms import ActionForm, ActivateForm, RubricDocumentForm
from admin.evaluation.labels import RUBRIC_CHANGE_ERRORS, RUBRIC_STATUS
from admin.evaluation.rubric_problems import problem_rows
from admin.people.auth import require_roles
from admin.people.scope import can
from evaluation import RubricError, parse_rubric
from models import EvaluationMonth, RubricVersion
from models.ops.rubrics import (
    RubricChangeError,
    activate_rubric,
    clone_rubric,
    document_text,
    parse_document_text,
    retire_rubric,
    save_draft,
)
from models.queries.rubrics import list_rubric_versions
from web.audit import audit
from web.db import get_session, write_session

add_nav("admin.rubrics", _l("Rubrics"), ("leader", "hr"), order=28)


def _summary(version: RubricVersion) -> dict:
    return {"name": version.name, "version": version.version, "status": version.status,
            "effective_from": version.effective_from.isoformat()}


def _version_or_404(session, version_id: int) -> RubricVersion:
    version = session.get(RubricVersion, version_id)
    if version is None:
        abort(404)
    return version


def _change_error(exc: RubricChangeError) -> str:
    return str(RUBRIC_CHANGE_ERRORS[exc.code]) % {"detail": exc.message}


@require_roles("leader", "hr")
def rubrics():
    """List every rubric version and which one is in force."""
    return render_template("evaluation/rubrics.html",
                           rows=list_rubric_versions(get_session()), labels=RUBRIC_STATUS)


@require_roles("leader", "hr")
def rubric_view(version_id: int):
    """Show a rubric version as tables, with its document and the actions it allows."""
    session = get_session()
    version = _version_or_404(session, version_id)
    months = session.scalars(select(EvaluationMonth.period)
                             .where(EvaluationMonth.rubric_version_id == version.id)
                             .order_by(EvaluationMonth.period)).all()
    return render_template(
        "evaluation/rubric.html", version=version, rubric=parse_rubric(version.document),
        document=document_text(version), labels=RUBRIC_STATUS, months=months,
        can_change=can("leader"), action_form=ActionForm(), activate_form=ActivateForm())


@require_roles("leader")
def rubric_clone(version_id: int):
    """Copy a version into a new draft and open it for editing."""
    if not ActionForm().validate_on_submit():
        abort(400)
    session = write_session()
    try:
        draft = clone_rubric(session, version_id, user_id=current_user.user.id)
    except RubricChangeError:
        abort(404)
    audit("rubric.create", "rubric_version", draft.id, after={**_summary(draft),
                                                              "cloned_from": version_id})
    session.commit()
    flash(_("A draft copy was made: edit it, then activate it."), "success")
    return redirect(url_for("admin.rubric_edit", version_id=draft.id))


@require_roles("leader")
def rubric_edit(version_id: int):
    """Edit a draft's JSON document; check it, or check and save it."""
    version = _version_or_404(get_session(), version_id)
    if version.status != "draft":
        flash(_("Only a draft can be edited: clone this version first."), "error")
        return redirect(url_for("admin.rubric_view", version_id=version.id))
    form = RubricDocumentForm()
    problems, checked = [], False
    if not form.is_submitted():
        form.document.data = document_text(version)
    elif form.validate():
        problems, checked = _check_or_save(version, form)
        if checked and form.save.data:
            return redirect(url_for("admin.rubric_view", version_id=version.id))
    return render_template("evaluation/rubric_edit.html", version=version, form=form,
                           problems=problems, checked=checked)


def _check_or_save(version: RubricVersion, form) -> tuple[list, bool]:
    """Return (problems, valid); when asked to save a valid document, save and audit it."""
    text = form.document.data
    try:
        parse_document_text(text)
        if not form.save.data:
            return [], True
        session = write_session()
        version = session.get(RubricVersion, version.id)
        before = {**_summary(version), "document": version.document}
        save_draft(session, version.id, text)
    except RubricError as exc:
        return problem_rows(exc, _decoded(text)), False
    except RubricChangeError as exc:
        return [("", _change_error(exc), exc.code)], False
    audit("rubric.update", "rubric_version", version.id, before=before,
          after={**_summary(version), "document": version.document})
    session.commit()
    flash(_("The draft is saved."), "success")
    return [], True


def _decoded(text: str):
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


@require_roles("leader")
def rubric_activate(version_id: int):
    """Put a version in force from the date given; a version with the same date retires."""
    form = ActivateForm()
    if not form.validate_on_submit():
        flash(_("Give the date from which the rubric is in force."), "error")
        return redirect(url_for("admin.rubric_view", version_id=version_id))
    session = write_session()
    version = _version_or_404(session, version_id)
    before = _summary(version)
    try:
        retired = activate_rubric(session, version.id, effective_from=form.effective_from.data)
    except RubricChangeError as exc:
        flash(_change_error(exc), "error")
        return redirect(url_for("admin.rubric_view", version_id=version.id))
    audit("rubric.activate", "rubric_version", version.id, before=before,
          after={**_summary(version), "retired": retired})
    session.commit()
    flash(_("The rubric is in force from %(date)s.",
            date=form.effective_from.data.strftime("%d/%m/%Y")), "success")
    return redirect(url_for("admin.rubric_view", version_id=version.id))


@require_roles("leader")
def rubric_retire(version_id: int):
    """Take an active version out of force (closed months keep their own copy)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    session = write_session()
    version = _version_or_404(session, version_id)
    before = _summary(version)
    try:
        retire_rubric(session, version.id)
    except RubricChangeError as exc:
        flash(_change_error(exc), "error")
    else:
        audit("rubric.retire", "rubric_version", version.id, before=before,
              after=_summary(version))
        session.commit()
        flash(_("The rubric version is retired."), "success")
    return redirect(url_for("admin.rubric_view", version_id=version.id))
