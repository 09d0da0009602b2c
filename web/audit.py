"""Record staff actions in the audit log from a request."""

from flask import request
from flask_login import current_user

from models.ops.audit import record_audit
from web.db import get_session


def audit(action, object_type=None, object_id=None, *, before=None, after=None, note=None):
    """Add an audit entry for the current staff member (flushes; the view commits)."""
    user = getattr(current_user, "user", None) if current_user else None
    return record_audit(
        get_session(),
        action=action,
        actor=user.username if user else "anonymous",
        user_id=user.id if user else None,
        ip=request.remote_addr,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        note=note,
    )
