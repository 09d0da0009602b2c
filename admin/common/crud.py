"""Shared steps of console writes: the write transaction, saving a form, auditing the change."""

from flask_babel import lazy_gettext as _l

from models.ops.org import OrgError
from models.ops.snapshots import changed, snapshot
from web.audit import audit
from web.db import write_session

#: OrgError codes → what the person reads under the field.
ORG_MESSAGES = {
    "code_taken": _l("This code is already in use. Please choose another one."),
    "closes_before_opening": _l("The closing time must be after the opening time."),
    "number_taken": _l("Another active counter of this site already has this number."),
    "unknown_site": _l("Please choose a site from the list."),
    "counter_elsewhere": _l("Only counters of the officer's own site can be chosen."),
}


def form_values(form, fields) -> dict:
    """Return {field: data} for the named form fields; 0 in a select means "none"."""
    values = {}
    for name in fields:
        data = form[name].data
        values[name] = None if name.endswith("_id") and data == 0 else data
    return values


def save_form(form, entity, save, fields, action: str, object_type: str, extra=None):
    """Save form into entity with the domain call save, audit it, commit; None on a refusal.

    A refusal (OrgError) is shown under its field and nothing is written.
    """
    session = write_session()
    before = snapshot(entity, fields) if entity.id else None
    values = {**form_values(form, fields), **(extra or {})}
    try:
        save(session, entity, values)
    except OrgError as exc:
        session.rollback()
        add_error(form, exc.field, ORG_MESSAGES[exc.code])
        return None
    after = snapshot(entity, fields)
    if before is not None:
        before, after = changed(before, after)
    audit(action, object_type, entity.id, before=before, after=after)
    session.commit()
    return entity


def add_error(form, field: str, message) -> None:
    """Show message under the form's field (or at the top of the form for an unknown field)."""
    target = form._fields.get(field)
    if target is None:
        form.form_errors.append(message)
    else:
        target.errors = [*target.errors, message]
