"""Officers: list with filters, detail, create and edit (a liaison sees only their own)."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, SelectField, StringField

from admin.common.crud import save_form
from admin.common.forms import ConsoleForm, at_most, options, required
from admin.common.nav import add_nav
from admin.people.auth import require_roles
from admin.people.scope import department_scope, page_number, require_department
from models import Officer, User
from models.ops.org import OFFICER_FIELDS, save_officer
from models.queries.org import department_choices, find_officers, site_choices
from web.db import get_session

READERS = ("leader", "hr", "liaison")
add_nav("admin.officers", _l("Officers"), READERS, order=26)


class OfficerForm(ConsoleForm):
    """An officer's code, name, title, site and department."""

    code = StringField(_l("Staff code"), validators=[required(), at_most(32)],
                       description=_l("The officer types this code at the tablet."))
    full_name = StringField(_l("Full name"), validators=[required(), at_most(120)])
    title = StringField(_l("Job title"), validators=[at_most(120)])
    site_id = SelectField(_l("Site"), coerce=int)
    department_id = SelectField(_l("Department"), coerce=int)
    active = BooleanField(_l("Active"), default=True)

    def fill_choices(self, session) -> "OfficerForm":
        """Offer the active sites and departments."""
        self.site_id.choices = options(site_choices(session))
        self.department_id.choices = options(department_choices(session))
        return self


@require_roles(*READERS)
def officers():
    """List officers, filtered by site, department and a name or code."""
    session = get_session()
    scope = department_scope()
    filters = {
        "site_id": request.args.get("site_id", type=int),
        "department_id": request.args.get("department_id", type=int),
        "text": request.args.get("q", "").strip()[:100],
    }
    page = find_officers(session, scope=scope, page=page_number(request.args.get("page")),
                         **filters)
    return render_template(
        "people/officers.html", page=page, filters=filters, sites=site_choices(session),
        departments=department_choices(session, scope),
    )


@require_roles(*READERS)
def officer_detail(officer_id):
    """Show an officer: photo, counters served, PIN and console account."""
    session = get_session()
    officer = session.get(Officer, officer_id) or abort(404)
    require_department(officer.department_id)
    account = session.scalar(select(User).where(User.officer_id == officer.id))
    return render_template("people/officer_detail.html", officer=officer, account=account)


@require_roles()
def officer_new():
    """Create an officer."""
    form = OfficerForm().fill_choices(get_session())
    if form.validate_on_submit():
        officer = save_form(form, Officer(), save_officer, OFFICER_FIELDS, "officer.create",
                            "officer")
        if officer:
            return redirect(url_for("admin.officer_detail", officer_id=officer.id))
    return render_template("common/form.html", form=form, title=_("New officer"),
                           back=url_for("admin.officers"))


@require_roles()
def officer_edit(officer_id):
    """Change an officer; moving to another site drops the old site's counters."""
    officer = get_session().get(Officer, officer_id) or abort(404)
    form = OfficerForm(obj=officer).fill_choices(get_session())
    if form.validate_on_submit() and save_form(
        form, officer, save_officer, OFFICER_FIELDS, "officer.update", "officer"
    ):
        return redirect(url_for("admin.officer_detail", officer_id=officer.id))
    return render_template("common/form.html", form=form,
                           back=url_for("admin.officer_detail", officer_id=officer.id),
                           title=_("Edit officer %(name)s", name=officer.full_name))
