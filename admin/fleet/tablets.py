"""Counter tablets: the fleet view, pairing (one-time code), rename, move, revoke."""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, StringField

from admin.common.forms import ConsoleForm, at_most, options
from admin.common.nav import add_nav
from admin.people.auth import require_roles
from models import Counter, Site, Tablet
from models.ops.devices import PairingError, issue_pairing_code, move_tablet, revoke_tablet
from models.queries.fleet import list_fleet
from models.queries.org import site_choices
from web.audit import audit
from web.db import get_session, write_session

READERS = ("leader",)
add_nav("admin.tablets", _l("Tablets"), READERS, order=30)


def counter_choices(session) -> list[tuple[int, str]]:
    """Return (id, "site — counter n (code)") of the active counters."""
    rows = session.execute(
        select(Counter.id, Counter.number, Counter.code, Site.name)
        .join(Site, Site.id == Counter.site_id).where(Counter.active)
        .order_by(Site.name, Counter.number))
    return [(r.id, f"{r.name} — {_('Counter %(number)d (%(code)s)', number=r.number, code=r.code)}")
            for r in rows]


class CounterChoiceForm(ConsoleForm):
    """A counter to pair a tablet with, or to move it to."""

    counter_id = SelectField(_l("Counter"), coerce=int)


class RenameForm(ConsoleForm):
    """A tablet's name."""

    name = StringField(_l("Name"), validators=[at_most(120)])


@require_roles(*READERS)
def tablets():
    """Show the fleet: last heartbeat, unsent ratings, dead letters, app version."""
    session = get_session()
    site_id = request.args.get("site_id", type=int)
    revoked = request.args.get("revoked") == "1"
    rows = list_fleet(session, site_id=site_id, include_revoked=revoked)
    return render_template("fleet/tablets.html", rows=rows, sites=site_choices(session),
                           site_id=site_id, revoked=revoked)


@require_roles()
def tablet_pair():
    """Issue a one-time pairing code for a counter and show it."""
    form = CounterChoiceForm()
    form.counter_id.choices = options(counter_choices(get_session()))
    if form.validate_on_submit():
        session = write_session()
        counter = session.get(Counter, form.counter_id.data) or abort(404)
        try:
            issued = issue_pairing_code(session, counter, created_by_id=current_user.user.id)
        except PairingError:
            abort(400)
        audit("tablet.pairing_code", "counter", counter.id, note=f"counter={counter.code}")
        session.commit()
        response = make_response(render_template("fleet/tablet_code.html", issued=issued,
                                                 counter=counter))
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("common/form.html", form=form, title=_("Pair a tablet"),
                           back=url_for("admin.tablets"),
                           intro=_("Choose the counter the tablet stands at. A 6-digit code "
                                   "valid for 10 minutes is shown; type it on the tablet at "
                                   "/kiosk/."))


@require_roles(*READERS)
def tablet_detail(tablet_id):
    """Show a tablet with the forms to rename, move or revoke it."""
    session = get_session()
    tablet = session.get(Tablet, tablet_id) or abort(404)
    move = CounterChoiceForm(counter_id=tablet.counter_id)
    move.counter_id.choices = options(counter_choices(session))
    return render_template("fleet/tablet_detail.html", tablet=tablet,
                           rename=RenameForm(obj=tablet), move=move)


def _tablet_for_write(tablet_id):
    session = write_session()
    tablet = session.get(Tablet, tablet_id) or abort(404)
    if tablet.revoked_at is not None:
        flash(_("This tablet has been revoked; pair a new one instead."), "error")
        return session, None
    return session, tablet


@require_roles()
def tablet_rename(tablet_id):
    """Rename a tablet."""
    form = RenameForm()
    session, tablet = _tablet_for_write(tablet_id)
    if tablet and form.validate():
        before = tablet.name
        tablet.name = form.name.data or ""
        audit("tablet.rename", "tablet", tablet.id, before={"name": before},
              after={"name": tablet.name})
        session.commit()
    return redirect(url_for("admin.tablet_detail", tablet_id=tablet_id))


@require_roles()
def tablet_move(tablet_id):
    """Move a tablet to another counter; whoever was signed in on it is signed out."""
    form = CounterChoiceForm()
    form.counter_id.choices = options(counter_choices(get_session()))
    session, tablet = _tablet_for_write(tablet_id)
    if tablet and form.validate():
        counter = session.get(Counter, form.counter_id.data) or abort(404)
        before = tablet.counter_id
        move_tablet(session, tablet, counter)
        audit("tablet.move", "tablet", tablet.id, before={"counter_id": before},
              after={"counter_id": counter.id})
        session.commit()
        flash(_("The tablet now belongs to counter %(code)s.", code=counter.code))
    elif tablet:
        flash(_("Please choose a counter from the list."), "error")
    return redirect(url_for("admin.tablet_detail", tablet_id=tablet_id))


@require_roles()
def tablet_revoke(tablet_id):
    """Revoke a tablet: it can no longer send ratings and must be paired again."""
    session, tablet = _tablet_for_write(tablet_id)
    if tablet:
        revoke_tablet(session, tablet)
        audit("tablet.revoke", "tablet", tablet.id, before={"revoked_at": None},
              after={"revoked_at": tablet.revoked_at.isoformat()})
        session.commit()
        flash(_("The tablet has been revoked."))
    return redirect(url_for("admin.tablet_detail", tablet_id=tablet_id))
