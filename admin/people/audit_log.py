"""The audit log viewer: who did what, when (local time), with the values before and after.

The log is append-only: no route changes or deletes an entry, and the database refuses
UPDATE and DELETE on the table.
"""

from datetime import date

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l

from admin.common.nav import add_nav
from admin.people.auth import require_roles
from admin.people.scope import page_number
from models.queries.audit import AuditFilters, audit_actions, find_audit_entries
from web.db import get_session

READERS = ("leader",)
add_nav("admin.audit_log", _l("Audit log"), READERS, order=90)


def _filters() -> AuditFilters:
    args = request.args
    return AuditFilters(
        action=args.get("action", "").strip()[:64], actor=args.get("actor", "").strip()[:80],
        object_type=args.get("object_type", "").strip()[:32],
        object_id=args.get("object_id", "").strip()[:64],
        since=_day(args.get("since")), until=_day(args.get("until")))


def _day(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_roles(*READERS)
def audit_log():
    """List audit entries, newest first, filtered by action, actor, object and days."""
    session = get_session()
    filters = _filters()
    page = find_audit_entries(session, filters, current_app.config["TIMEZONE"],
                              page_number(request.args.get("page")))
    return render_template(
        "people/audit_log.html", page=page, filters=filters, actions=audit_actions(session),
        query_args={k: v for k, v in request.args.items() if k != "page"})
