"""Sites (service centres): list, detail with counters and integration keys, create, edit."""

from datetime import time

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TimeField

from admin.common.crud import save_form
from admin.common.forms import ConsoleForm, at_most, between, options, required, required_number
from admin.common.nav import add_nav
from admin.people.auth import require_roles
from models import ApiKey, Site
from models.ops.org import SITE_FIELDS, save_site
from models.queries.org import list_counters, list_sites
from web.db import get_session

READERS = ("leader", "hr")
add_nav("admin.sites", _l("Sites"), READERS, order=20)

SITE_KINDS = (("province", _l("Provincial centre")), ("commune", _l("Commune or ward centre")))


class SiteForm(ConsoleForm):
    """A site's name, address, opening hours and rating settings."""

    code = StringField(_l("Code"), validators=[required(), at_most(32)],
                       description=_l("Short code used in imports and on the command line."))
    name = StringField(_l("Name"), validators=[required(), at_most(200)])
    kind = SelectField(_l("Kind"), choices=options(SITE_KINDS))
    address = StringField(_l("Address"), validators=[at_most(300)])
    opens_at = TimeField(_l("Opens at"), default=time(7, 30), validators=[required_number()])
    closes_at = TimeField(_l("Closes at"), default=time(17, 0), validators=[required_number()],
                          description=_l("Tablets sign officers out at closing time."))
    cooldown_seconds = IntegerField(
        _l("Cool-down between ratings (seconds)"), default=20,
        validators=[required_number(), between(0, 600)],
        description=_l("With no visit open, a counter refuses a new rating for this long."))
    token_ttl_days = IntegerField(
        _l("Survey link valid for (days)"), default=7,
        validators=[required_number(), between(1, 90)])
    dossier_rating_days = IntegerField(
        _l("Rating by dossier code: days after the result is handed back"), default=30,
        validators=[required_number(), between(1, 90)],
        description=_l("A dossier of the register can be rated once, by the code on its "
                       "receipt, for this many days after its result is handed back."))
    dossier_second_factor = BooleanField(
        _l("Ask the last 4 digits of the applicant's phone or ID number"), default=True,
        description=_l("When the register holds them: a code alone is then not enough."))
    active = BooleanField(_l("Active"), default=True)


@require_roles(*READERS)
def sites():
    """List the sites."""
    return render_template("org/sites.html", sites=list_sites(get_session()))


@require_roles(*READERS)
def site_detail(site_id):
    """Show a site with its counters and, for administrators, its integration keys."""
    session = get_session()
    site = session.get(Site, site_id) or abort(404)
    keys = session.query(ApiKey).filter_by(site_id=site.id).order_by(ApiKey.created_at.desc())
    return render_template("org/site_detail.html", site=site,
                           counters=list_counters(session, site.id), keys=list(keys))


@require_roles()
def site_new():
    """Create a site."""
    form = SiteForm()
    if form.validate_on_submit():
        site = save_form(form, Site(), save_site, SITE_FIELDS, "site.create", "site")
        if site:
            return redirect(url_for("admin.site_detail", site_id=site.id))
    return render_template("common/form.html", form=form, title=_("New site"),
                           back=url_for("admin.sites"))


@require_roles()
def site_edit(site_id):
    """Change a site."""
    site = get_session().get(Site, site_id) or abort(404)
    form = SiteForm(obj=site)
    if form.validate_on_submit() and save_form(
        form, site, save_site, SITE_FIELDS, "site.update", "site"
    ):
        return redirect(url_for("admin.site_detail", site_id=site.id))
    return render_template("common/form.html", form=form, title=_("Edit site %(name)s",
                           name=site.name), back=url_for("admin.site_detail", site_id=site.id))
