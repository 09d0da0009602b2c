"""The organisation names printed on reports: a page to edit them (audited)."""

from dataclasses import asdict

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import StringField, TextAreaField

from admin.common.forms import ConsoleForm, at_most, required
from admin.common.nav import add_nav
from admin.people.auth import require_roles
from evaluation.report import Organisation
from models.ops.settings import MAX_LENGTH, MAX_RECIPIENTS_LENGTH, save_organisation
from models.queries.settings import load_organisation
from web.audit import audit
from web.db import get_session, write_session

add_nav("admin.org_settings", _l("Report settings"), ("leader",), order=70)


class OrganisationForm(ConsoleForm):
    """The names in a report's heading and signature blocks."""

    issuing_body = StringField(_l("Issuing body (first line of the heading)"),
                               validators=[required(), at_most(MAX_LENGTH)],
                               description=_l("For example: UBND TỈNH BẮC NINH"))
    centre_name = StringField(_l("Centre name"), validators=[required(), at_most(MAX_LENGTH)],
                              description=_l("For example: TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"))
    place = StringField(_l("Place in the date line"), validators=[required(), at_most(MAX_LENGTH)],
                        description=_l("For example: Bắc Ninh"))
    director_title = StringField(_l("Title of the signing leader"),
                                 validators=[required(), at_most(MAX_LENGTH)],
                                 description=_l("For example: GIÁM ĐỐC"))
    director_name = StringField(_l("Name of the signing leader"),
                                validators=[at_most(MAX_LENGTH)])
    preparer_name = StringField(_l("Name of the person who prepares the tables"),
                                validators=[at_most(MAX_LENGTH)])
    document_symbol = StringField(
        _l("Document symbol after the number"), validators=[at_most(MAX_LENGTH)],
        description=_l("Printed as \"Số: …/BC-TTPVHCC\"; the number itself is written in by "
                       "the records office. For example: BC-TTPVHCC"))
    recipients = TextAreaField(
        _l("Recipients (Nơi nhận), one a line"), validators=[at_most(MAX_RECIPIENTS_LENGTH)],
        description=_l("Printed beside the signature. For example: Sở Nội vụ (để b/c); "
                       "Lãnh đạo Trung tâm; Lưu: VT."))


def current_organisation() -> Organisation:
    """Return the names reports print: stored settings, else the configuration."""
    return load_organisation(get_session(), current_app.config)


@require_roles("leader")
def org_settings():
    """Show and change the organisation names printed on reports."""
    form = OrganisationForm(data=asdict(current_organisation()))
    if form.validate_on_submit():
        session = write_session()
        current = load_organisation(session, current_app.config)
        wanted = Organisation(**{name: form[name].data or "" for name in asdict(current)})
        try:
            before, after = save_organisation(session, current, wanted,
                                              user_id=current_user.user.id)
        except IntegrityError:
            session.rollback()
            flash(_("Someone saved these settings at the same moment. Please try again."),
                  "error")
            return redirect(url_for("admin.org_settings"))
        if after:
            audit("settings.update", "settings", "organisation", before=before, after=after)
        session.commit()
        flash(_("The report settings are saved."), "success")
        return redirect(url_for("admin.org_settings"))
    return render_template(
        "common/form.html", form=form, title=_("Report settings"), back=url_for("admin.home"),
        intro=_("These names are printed in the heading and the signature blocks of the "
                "monthly ranking, the officer sheets and the Excel files; the symbol and the "
                "recipients are printed on the monthly ranking."))

