"""The month's inputs: the overview, breaches, discipline decisions and leader scores."""

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin.common.nav import add_nav
from admin.common.periods import requested_calendar_month
from admin.evaluation.forms import (
    ActionForm,
    AssignmentForm,
    BreachForm,
    DegradationForm,
    DisciplineForm,
    LeaderScoreForm,
    LeadingPostForm,
    PostEndForm,
    WaiverForm,
)
from admin.evaluation.labels import INPUT_ERRORS
from admin.people.auth import require_roles
from admin.people.scope import can
from models import BreachEntry, Department, DisciplineDecision, Officer, Site
from models.ops.inputs import (
    InputError,
    add_breach,
    add_discipline,
    delete_entry,
    entry_as_dict,
    leader_score_limit,
    set_leader_score,
)
from models.queries.inputs import month_imports, month_input_rows, officer_entries
from models.queries.month_inputs import month_dossiers
from models.queries.task_inputs import assigned_by_officer, officer_posts, officer_task_entries
from web.audit import audit
from web.db import get_session, write_session

add_nav("admin.inputs", _l("Monthly inputs"), ("leader", "hr"), order=27)


@require_roles("leader", "hr")
def inputs():
    """List every officer's inputs for a month: dossiers, leader's score, breaches."""
    month = requested_calendar_month()
    session = get_session()
    site_id, department_id = (request.args.get("site", type=int),
                              request.args.get("department", type=int))
    sites = session.execute(select(Site.id, Site.name).order_by(Site.name)).all()
    departments = session.execute(select(Department.id, Department.name)
                                  .order_by(Department.name)).all()
    sources = month_dossiers(session, str(month))
    rows = [replace(row, dossiers=_in_use(sources.stats.get(row.officer_id)))
            for row in month_input_rows(session, str(month), site_id=site_id,
                                        department_id=department_id)]
    return render_template(
        "evaluation/inputs.html", period=str(month), rows=rows,
        assigned=assigned_by_officer(session, str(month)),
        imports=month_imports(session, str(month)), sites=sites, departments=departments,
        dossier_sources=sources,
        site_id=site_id, department_id=department_id, can_change=can("leader"))


def _in_use(stats) -> tuple | None:
    """Return the dossier figures the month uses (register or totals) as the table shows them."""
    if stats is None:
        return None
    return (stats.received, stats.early, stats.on_time, stats.late,
            "—" if stats.digitised is None else stats.digitised)


def _officer_or_404(officer_id: int) -> Officer:
    officer = get_session().get(Officer, officer_id)
    if officer is None:
        abort(404)
    return officer


@require_roles("leader", "hr")
def officer_inputs(officer_id: int):
    """Show an officer's breaches, discipline decisions and leader's score for a month."""
    officer = _officer_or_404(officer_id)
    month = requested_calendar_month()
    session = get_session()
    breaches, decisions, assessment = officer_entries(session, officer.id, str(month))
    score_form = LeaderScoreForm(month=str(month), score=assessment.score if assessment else None,
                                 note=assessment.note if assessment else "")
    assignment, waivers, conclusions = officer_task_entries(session, officer.id, str(month))
    assignment_form = AssignmentForm(
        month=str(month), assigned=assignment.assigned if assignment else None,
        worked_percent=assignment.worked_percent if assignment else None,
        note=assignment.note if assignment else "")
    return render_template(
        "evaluation/officer_inputs.html", officer=officer, period=str(month),
        breaches=breaches, decisions=decisions, assessment=assessment,
        score_limit=leader_score_limit(session, str(month)), breach_form=BreachForm(),
        discipline_form=DisciplineForm(), score_form=score_form, action_form=ActionForm(),
        assignment=assignment, waivers=waivers, conclusions=conclusions,
        assignment_form=assignment_form, waiver_form=WaiverForm(month=str(month)),
        degradation_form=DegradationForm(), can_change=can("leader"),
        posts=officer_posts(session, officer.id), post_form=LeadingPostForm(),
        post_end_form=PostEndForm())


def _back(officer_id: int, period: str):
    return redirect(url_for("admin.officer_inputs", officer_id=officer_id, month=period))


def _form_errors(form) -> None:
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "error")


@require_roles("leader")
def breach_add(officer_id: int):
    """Record a breach (criterion B4)."""
    form = BreachForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return _back(officer_id, request.args.get("month", ""))
    session = write_session()
    try:
        entry = add_breach(session, officer_id, occurred_on=form.occurred_on.data,
                           kind=form.kind.data, note=form.note.data or "",
                           deduction=None if form.deduction.data is None
                           else float(form.deduction.data), user_id=current_user.user.id)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id, str(requested_calendar_month()))
    audit("breach.create", "breach_entry", entry.id, after=entry_as_dict(entry))
    session.commit()
    flash(_("The breach is recorded."), "success")
    return _back(officer_id, entry.period)


@require_roles("leader")
def discipline_add(officer_id: int):
    """Record a discipline decision."""
    form = DisciplineForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return _back(officer_id, request.args.get("month", ""))
    session = write_session()
    try:
        decision = add_discipline(session, officer_id, decided_on=form.decided_on.data,
                                  form=form.kind.data, reference=form.reference.data or "",
                                  note=form.note.data or "", user_id=current_user.user.id,
                                  public_duty=bool(form.public_duty.data))
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id, str(requested_calendar_month()))
    audit("discipline.create", "discipline_decision", decision.id,
          after=entry_as_dict(decision))
    session.commit()
    flash(_("The discipline decision is recorded."), "success")
    return _back(officer_id, decision.period)


def _delete(model, entry_id: int, action: str, object_type: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    session = write_session()
    entry = session.get(model, entry_id)
    if entry is None:
        abort(404)
    officer_id, period = entry.officer_id, entry.period
    try:
        before = delete_entry(session, entry)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id, period)
    audit(action, object_type, entry_id, before=before)
    session.commit()
    flash(_("Deleted."), "success")
    return _back(officer_id, period)


@require_roles("leader")
def breach_delete(entry_id: int):
    """Delete a breach entered by mistake."""
    return _delete(BreachEntry, entry_id, "breach.delete", "breach_entry")


@require_roles("leader")
def discipline_delete(entry_id: int):
    """Delete a discipline decision entered by mistake."""
    return _delete(DisciplineDecision, entry_id, "discipline.delete", "discipline_decision")


@require_roles("leader")
def leader_score_set(officer_id: int):
    """Enter, change or clear the leader's assessment (criterion B5)."""
    form = LeaderScoreForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return _back(officer_id, request.form.get("month", ""))
    session = write_session()
    score = None if form.score.data is None else float(form.score.data)
    try:
        change = set_leader_score(session, officer_id, form.month.data, score=score,
                                  note=form.note.data or "", user_id=current_user.user.id)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id, form.month.data)
    audit("leader_score.set", "officer", officer_id, before=change.before, after=change.after)
    session.commit()
    flash(_("The leader's assessment is saved."), "success")
    return _back(officer_id, form.month.data)
