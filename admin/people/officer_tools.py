"""An officer's counters, photo and tablet PIN."""

import secrets

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from werkzeug.security import generate_password_hash
from wtforms import SelectMultipleField, StringField
from wtforms.validators import Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from admin.common.crud import ORG_MESSAGES, add_error
from admin.common.forms import ConsoleForm, options
from admin.people.auth import require_roles
from admin.people.photos import MAX_PHOTO_BYTES, PhotoRejected, normalise_photo
from admin.people.scope import require_department
from models import Counter, Officer
from models.ops.org import (
    OrgError,
    officer_snapshot,
    set_officer_counters,
    set_officer_photo,
    set_officer_pin_hash,
)
from models.ops.snapshots import changed
from web.audit import audit
from web.db import get_session, write_session

PHOTO_MESSAGES = {
    "empty": _l("Please choose a photo file."),
    "too_large": _l("The photo is too large: at most %(mb)d MB.", mb=MAX_PHOTO_BYTES >> 20),
    "wrong_type": _l("Please upload a JPEG, PNG or WebP picture."),
    "not_an_image": _l("This file is not a picture we can read (JPEG, PNG or WebP)."),
    "too_many_pixels": _l("The picture has too many pixels. Please use a smaller one."),
}


class CountersForm(ConsoleForm):
    """The counters of the officer's site that the officer serves."""

    counter_ids = SelectMultipleField(_l("Counters served"), coerce=int,
                                      widget=ListWidget(prefix_label=False),
                                      option_widget=CheckboxInput())


class PhotoForm(ConsoleForm):
    """A photo file."""

    photo = FileField(_l("Photo (JPEG, PNG or WebP, at most 5 MB)"))


class PinForm(ConsoleForm):
    """A new PIN, or empty to generate one."""

    pin = StringField(_l("New PIN (4 to 8 digits; leave empty to generate one)"),
                      validators=[Optional(), Regexp(r"^\d{4,8}$",
                                                     message=_l("A PIN is 4 to 8 digits."))])


def _officer(officer_id):
    officer = get_session().get(Officer, officer_id) or abort(404)
    return officer


@require_roles()
def officer_counters(officer_id):
    """Choose which counters of the site the officer serves."""
    officer = _officer(officer_id)
    form = CountersForm(counter_ids=[counter.id for counter in officer.counters])
    form.counter_ids.choices = options([
        (c.id, _("Counter %(number)d (%(code)s)", number=c.number, code=c.code))
        for c in get_session().scalars(
            select(Counter).where(Counter.site_id == officer.site_id, Counter.active)
            .order_by(Counter.number))
    ])
    if form.validate_on_submit():
        session = write_session()
        before = officer_snapshot(officer)
        try:
            set_officer_counters(session, officer, form.counter_ids.data)
        except OrgError as exc:
            session.rollback()
            add_error(form, "counter_ids", ORG_MESSAGES[exc.code])
        else:
            before, after = changed(before, officer_snapshot(officer))
            audit("officer.counters", "officer", officer.id, before=before, after=after)
            session.commit()
            return redirect(url_for("admin.officer_detail", officer_id=officer.id))
    return render_template("common/form.html", form=form,
                           back=url_for("admin.officer_detail", officer_id=officer.id),
                           title=_("Counters served by %(name)s", name=officer.full_name))


@require_roles()
def officer_photo_upload(officer_id):
    """Upload an officer's photo: checked, decoded, re-encoded and resized."""
    officer = _officer(officer_id)
    form = PhotoForm()
    if form.validate_on_submit():
        upload = form.photo.data
        try:
            jpeg = normalise_photo(getattr(upload, "filename", ""),
                                   upload.read(MAX_PHOTO_BYTES + 1) if upload else b"")
        except PhotoRejected as exc:
            add_error(form, "photo", PHOTO_MESSAGES[exc.code])
        else:
            session = write_session()
            set_officer_photo(session, officer, jpeg)
            audit("officer.photo", "officer", officer.id, after={"photo_bytes": len(jpeg)})
            session.commit()
            flash(_("The photo has been saved."))
            return redirect(url_for("admin.officer_detail", officer_id=officer.id))
    return render_template("common/form.html", form=form, multipart=True,
                           back=url_for("admin.officer_detail", officer_id=officer.id),
                           title=_("Photo of %(name)s", name=officer.full_name))


@require_roles("leader", "hr", "liaison")
def officer_photo(officer_id):
    """Serve the officer's stored photo."""
    officer = _officer(officer_id)
    require_department(officer.department_id)
    if not officer.photo:
        abort(404)
    response = make_response(officer.photo)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@require_roles()
def officer_pin(officer_id):
    """Set the officer's tablet PIN, or generate one and show it once."""
    officer = _officer(officer_id)
    form = PinForm()
    if form.validate_on_submit():
        pin = form.pin.data or f"{secrets.randbelow(1_000_000):06d}"
        session = write_session()
        set_officer_pin_hash(session, officer, generate_password_hash(pin))
        audit("officer.pin_reset", "officer", officer.id,
              note="generated" if not form.pin.data else "typed")
        session.commit()
        response = make_response(render_template(
            "people/pin_set.html", officer=officer, pin=None if form.pin.data else pin))
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("common/form.html", form=form,
                           back=url_for("admin.officer_detail", officer_id=officer.id),
                           title=_("Tablet PIN of %(name)s", name=officer.full_name))
