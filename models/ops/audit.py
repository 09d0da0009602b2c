"""Write audit entries; the log is append-only."""

from models.audit import AuditEntry


def record_audit(
    session,
    *,
    action: str,
    actor: str,
    user_id: int | None = None,
    ip: str | None = None,
    object_type: str | None = None,
    object_id=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Add one audit entry and flush it."""
    entry = AuditEntry(
        action=action,
        actor=actor,
        user_id=user_id,
        ip=ip,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=before,
        after=after,
        note=note,
    )
    session.add(entry)
    session.flush()
    return entry
