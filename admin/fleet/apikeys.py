"""A site's integration keys: create (the key is shown once) and revoke."""

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField

from admin.common.forms import ConsoleForm, at_most, required
from admin.people.auth import require_roles
from models import ApiKey, Site
from models.ops.apikeys import create_api_key, revoke_api_key
from web.audit import audit
from web.db import get_session, write_session


class ApiKeyForm(ConsoleForm):
    """The name of the system that will use the key."""

    name = StringField(_l("Name of the system using the key"),
                       validators=[required(), at_most(120)])


@require_roles()
def api_key_new(site_id):
    """Create an integration key for the site and show it once."""
    site = get_session().get(Site, site_id) or abort(404)
    form = ApiKeyForm()
    if not form.validate():
        flash(_("Please give the key a name (at most 120 characters)."), "error")
        return redirect(url_for("admin.site_detail", site_id=site.id))
    session = write_session()
    issued = create_api_key(session, site, form.name.data, created_by_id=current_user.user.id)
    audit("api_key.create", "api_key", issued.key_id,
          after={"site_id": site.id, "name": form.name.data, "prefix": issued.key[:10]})
    session.commit()
    response = make_response(render_template("fleet/api_key_created.html", site=site,
                                             issued=issued, name=form.name.data))
    response.headers["Cache-Control"] = "no-store"
    return response


@require_roles()
def api_key_revoke(key_id):
    """Revoke an integration key; requests carrying it are refused from now on."""
    session = write_session()
    key = session.get(ApiKey, key_id) or abort(404)
    if key.revoked_at is None:
        revoke_api_key(session, key)
        audit("api_key.revoke", "api_key", key.id, before={"revoked_at": None},
              after={"revoked_at": key.revoked_at.isoformat()})
        session.commit()
        flash(_("The key has been revoked."))
    return redirect(url_for("admin.site_detail", site_id=key.site_id))
