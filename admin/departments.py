"""Departments (sở, ngành or commune units): list, create, edit."""

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField

from admin.auth import require_roles
from admin.blueprint import bp
from admin.crud import save_form
from admin.forms import ConsoleForm, at_most, required
from admin.nav import add_nav
from admin.scope import department_scope
from models import Department
from models.ops.org import DEPARTMENT_FIELDS, save_department
from models.queries.org import list_departments
from web.db import get_session

READERS = ("leader", "hr", "liaison")
add_nav("admin.departments", _l("Departments"), READERS, order=22)


class DepartmentForm(ConsoleForm):
    """A department's code, name and target group."""

    code = StringField(_l("Code"), validators=[required(), at_most(32)])
    name = StringField(_l("Name"), validators=[required(), at_most(200)])
    land_group = BooleanField(
        _l("Land, construction or investment procedures (satisfaction target 85%)"))
    active = BooleanField(_l("Active"), default=True)


@bp.get("/departments")
@require_roles(*READERS)
def departments():
    """List the departments (a liaison sees only theirs)."""
    rows = list_departments(get_session(), department_scope())
    return render_template("admin/departments.html", departments=rows)


@bp.route("/departments/new", methods=["GET", "POST"])
@require_roles()
def department_new():
    """Create a department."""
    form = DepartmentForm()
    if form.validate_on_submit() and save_form(
        form, Department(), save_department, DEPARTMENT_FIELDS, "department.create", "department"
    ):
        return redirect(url_for("admin.departments"))
    return render_template("admin/form.html", form=form, title=_("New department"),
                           back=url_for("admin.departments"))


@bp.route("/departments/<int:department_id>/edit", methods=["GET", "POST"])
@require_roles()
def department_edit(department_id):
    """Change a department."""
    department = get_session().get(Department, department_id) or abort(404)
    form = DepartmentForm(obj=department)
    if form.validate_on_submit() and save_form(
        form, department, save_department, DEPARTMENT_FIELDS, "department.update", "department"
    ):
        return redirect(url_for("admin.departments"))
    return render_template("admin/form.html", form=form, back=url_for("admin.departments"),
                           title=_("Edit department %(name)s", name=department.name))
