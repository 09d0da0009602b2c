"""NĐ 335 inputs of an officer's month: the assigned number, waivers, conclusions of
degradation (a leader records them; every change is audited)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.common.once import Once, flash_all
from admin.common.periods import requested_calendar_month
from admin.evaluation.forms import (
    ActionForm,
    AssignmentForm,
    DegradationForm,
    DossierImportForm,
    WaiverForm,
)
from admin.evaluation.labels import INPUT_ERRORS
from admin.people.auth import require_roles
from models import DegradationConclusion, TaskWaiver
from models.ops.assignment_files import COLUMNS, import_assignments
from models.ops.inputs import InputError, entry_as_dict
from models.ops.task_inputs import add_degradation, add_waiver, delete_task_entry, set_assignment
from tabular import ImportFileError, TableError
from web.audit import audit
from web.db import write_session
from web.tables import import_problem_text, table_error_text


def _back(officer_id: int, period: str):
    return redirect(url_for("admin.officer_inputs", officer_id=officer_id, month=period))


def _refuse(form, officer_id: int):
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "error")
    return _back(officer_id, request.values.get("month", ""))


@require_roles("leader")
def assignment_set(officer_id: int):
    """Enter, change or clear the number assigned and the share worked in the month."""
    form = AssignmentForm()
    if not form.validate_on_submit():
        return _refuse(form, officer_id)
    session = write_session()
    try:
        change = set_assignment(session, officer_id, form.month.data,
                                assigned=form.assigned.data,
                                worked_percent=form.worked_percent.data,
                                note=form.note.data or "", user_id=current_user.user.id)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id, form.month.data)
    audit("assignment.set", "officer", officer_id, before=change.before, after=change.after)
    session.commit()
    flash(_("The assigned number is saved."), "success")
    return _back(officer_id, form.month.data)


@require_roles("leader")
def waiver_add(officer_id: int):
    """Record delays or quality failures waived for an objective cause."""
    form = WaiverForm()
    if not form.validate_on_submit():
        return _refuse(form, officer_id)
    session = write_session()
    try:
        waiver = add_waiver(session, officer_id, form.month.data, kind=form.kind.data,
                            count=form.count.data, reason=form.reason.data or "",
                            dossier_code=form.dossier_code.data or "",
                            user_id=current_user.user.id)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id, form.month.data)
    audit("waiver.create", "task_waiver", waiver.id, after=entry_as_dict(waiver))
    session.commit()
    flash(_("The waiver is recorded."), "success")
    return _back(officer_id, waiver.period)


@require_roles("leader")
def degradation_add(officer_id: int):
    """Record a conclusion of degradation (the year is graded Không hoàn thành nhiệm vụ)."""
    form = DegradationForm()
    if not form.validate_on_submit():
        return _refuse(form, officer_id)
    session = write_session()
    try:
        entry = add_degradation(session, officer_id, concluded_on=form.concluded_on.data,
                                reference=form.reference.data or "", note=form.note.data or "",
                                user_id=current_user.user.id, kind=form.kind.data)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id, request.values.get("month", ""))
    audit("degradation.create", "degradation_conclusion", entry.id, after=entry_as_dict(entry))
    session.commit()
    flash(_("The conclusion is recorded."), "success")
    return _back(officer_id, entry.period)


def _delete(model, entry_id: int, action: str, object_type: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    session = write_session()
    entry = session.get(model, entry_id)
    if entry is None:
        abort(404)
    officer_id, period = entry.officer_id, entry.period
    try:
        before = delete_task_entry(session, entry, user_id=current_user.user.id)
    except InputError as exc:
        flash(INPUT_ERRORS[exc.code], "error")
        return _back(officer_id, period)
    audit(action, object_type, entry_id, before=before)
    session.commit()
    flash(_("Deleted."), "success")
    return _back(officer_id, period)


@require_roles("leader")
def waiver_delete(entry_id: int):
    """Delete a waiver entered by mistake."""
    return _delete(TaskWaiver, entry_id, "waiver.delete", "task_waiver")


@require_roles("leader")
def degradation_delete(entry_id: int):
    """Delete a conclusion entered by mistake."""
    return _delete(DegradationConclusion, entry_id, "degradation.delete",
                   "degradation_conclusion")


@require_roles("leader")
def assignment_import():
    """Upload a month's assigned numbers; the whole file is imported or none of it."""
    form = DossierImportForm()
    problems = []
    if request.method == "GET":
        form.month.data = str(requested_calendar_month())
    elif form.validate_on_submit():
        upload = form.file.data
        session = write_session()
        once = Once(session, form, "assignments.import")
        if once.earlier:
            return once.replay(url_for("admin.inputs", month=form.month.data))
        try:
            rows = import_assignments(session, form.month.data, upload.filename or "",
                                      upload.stream, user_id=current_user.user.id)
        except TableError as exc:
            session.rollback()
            problems = [table_error_text(exc)]
        except ImportFileError as exc:
            session.rollback()
            problems = [import_problem_text(p) for p in exc.problems]
        except InputError as exc:
            session.rollback()
            problems = [str(INPUT_ERRORS[exc.code])]
        else:
            audit("assignments.import", "month", form.month.data,
                  after={"file": upload.filename, "rows": rows})
            location = url_for("admin.inputs", month=form.month.data)
            messages = [("success", _(
                "Rows read: %(count)s, all accepted, none refused: assigned numbers imported "
                "for %(count)s officer(s).", count=rows))]
            once.done({"location": location, "messages": messages})
            session.commit()
            flash_all(messages)
            return redirect(location)
    return render_template("evaluation/assignment_import.html", form=form,
                           problems=problems, columns=COLUMNS), 400 if problems else 200
