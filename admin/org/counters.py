"""Counters (quầy) of each site: list, create, edit."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField

from admin.common.crud import save_form
from admin.common.forms import ConsoleForm, at_most, between, options, required, required_number
from admin.common.nav import add_nav
from admin.people.auth import require_roles
from models import Counter
from models.ops.org import COUNTER_FIELDS, save_counter
from models.queries.org import department_choices, list_counters, site_choices
from web.db import get_session

READERS = ("leader", "hr")
add_nav("admin.counters", _l("Counters"), READERS, order=24)


class CounterForm(ConsoleForm):
    """A counter's code, site, number shown to citizens and department served."""

    code = StringField(_l("Code"), validators=[required(), at_most(32)],
                       description=_l("Unique code, printed under the counter's QR poster."))
    site_id = SelectField(_l("Site"), coerce=int)
    number = IntegerField(_l("Counter number shown to citizens"),
                          validators=[required_number(), between(1, 999)])
    department_id = SelectField(_l("Department served"), coerce=int)
    name = StringField(_l("Name"), validators=[at_most(200)])
    active = BooleanField(_l("Active"), default=True)

    def fill_choices(self, session) -> "CounterForm":
        """Offer the active sites and departments."""
        self.site_id.choices = options(site_choices(session))
        self.department_id.choices = options([(0, _l("— none —")),
                                              *department_choices(session)])
        return self


@require_roles(*READERS)
def counters():
    """List the counters, optionally of one site."""
    session = get_session()
    site_id = request.args.get("site_id", type=int)
    return render_template("org/counters.html", counters=list_counters(session, site_id),
                           sites=site_choices(session), site_id=site_id)


@require_roles()
def counter_new():
    """Create a counter."""
    form = CounterForm().fill_choices(get_session())
    if form.validate_on_submit() and save_form(
        form, Counter(), save_counter, COUNTER_FIELDS, "counter.create", "counter"
    ):
        return redirect(url_for("admin.counters"))
    return render_template("common/form.html", form=form, title=_("New counter"),
                           back=url_for("admin.counters"))


@require_roles()
def counter_edit(counter_id):
    """Change a counter."""
    session = get_session()
    counter = session.get(Counter, counter_id) or abort(404)
    form = CounterForm(obj=counter, department_id=counter.department_id or 0)
    form.fill_choices(session)
    if form.validate_on_submit() and save_form(
        form, counter, save_counter, COUNTER_FIELDS, "counter.update", "counter"
    ):
        return redirect(url_for("admin.counters"))
    return render_template("common/form.html", form=form, back=url_for("admin.counters"),
                           title=_("Edit counter %(code)s", code=counter.code))
