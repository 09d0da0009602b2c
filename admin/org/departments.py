"""Departments (sở, ngành or commune units): list, create, edit."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, StringField

from admin.common.crud import save_form
from admin.common.forms import ConsoleForm, at_most, required
from admin.common.nav import add_nav
from admin.evaluation.assessment.forms import StepForm
from admin.people.auth import require_roles
from admin.people.scope import department_scope
from models import Department, DepartmentHead, User
from models.ops.assessment import AssessmentError, set_department_head
from models.ops.org import DEPARTMENT_FIELDS, save_department
from models.queries.org import list_departments
from web.audit import audit
from web.db import get_session, write_session

READERS = ("leader", "hr", "liaison")
add_nav("admin.departments", _l("Departments"), READERS, order=22)


class DepartmentForm(ConsoleForm):
    """A department's code, name and target group."""

    code = StringField(_l("Code"), validators=[required(), at_most(32)])
    name = StringField(_l("Name"), validators=[required(), at_most(200)])
    land_group = BooleanField(
        _l("Land, construction or investment procedures (satisfaction target 85%)"))
    active = BooleanField(_l("Active"), default=True)


@require_roles(*READERS)
def departments():
    """List the departments (a liaison sees only theirs)."""
    session = get_session()
    rows = list_departments(session, department_scope())
    heads = dict(session.execute(select(DepartmentHead.department_id,
                                        DepartmentHead.user_id)).all())
    accounts = session.execute(select(User.id, User.full_name, User.username)
                               .where(User.active).order_by(User.full_name, User.username)).all()
    return render_template("org/departments.html", departments=rows, heads=heads,
                           accounts=accounts, names={a.id: a.full_name or a.username
                                                     for a in accounts},
                           head_form=StepForm())


@require_roles("leader")
def department_head_set(department_id):
    """Choose who heads a department: the direct reviewer of its officers' self-assessments."""
    if not StepForm().validate_on_submit():
        abort(400)
    chosen = request.form.get("user_id", type=int)
    session = write_session()
    try:
        before, after = set_department_head(session, department_id, chosen or None)
    except AssessmentError:
        abort(404)
    audit("department.head", "department", department_id, before={"head_user_id": before},
          after={"head_user_id": after})
    session.commit()
    flash(_("The department's head is saved."), "success")
    return redirect(url_for("admin.departments"))


@require_roles()
def department_new():
    """Create a department."""
    form = DepartmentForm()
    if form.validate_on_submit() and save_form(
        form, Department(), save_department, DEPARTMENT_FIELDS, "department.create", "department"
    ):
        return redirect(url_for("admin.departments"))
    return render_template("common/form.html", form=form, title=_("New department"),
                           back=url_for("admin.departments"))


@require_roles()
def department_edit(department_id):
    """Change a department."""
    department = get_session().get(Department, department_id) or abort(404)
    form = DepartmentForm(obj=department)
    if form.validate_on_submit() and save_form(
        form, department, save_department, DEPARTMENT_FIELDS, "department.update", "department"
    ):
        return redirect(url_for("admin.departments"))
    return render_template("common/form.html", form=form, back=url_for("admin.departments"),
                           title=_("Edit department %(name)s", name=department.name))
