"""Follow-up of alerts: mới → đang xác minh → xác nhận / không xác nhận, with a note.

A decided alert may be reopened for verification (with a note) when new facts come in;
every step is kept as an AlertEvent, so the history is never lost.
"""

from models.alerts import Alert, AlertEvent
from models.base import nfc, utcnow

#: Status → the statuses a leader may move it to.
TRANSITIONS = {
    "new": ("verifying", "confirmed", "not_confirmed"),
    "verifying": ("confirmed", "not_confirmed"),
    "confirmed": ("verifying",),
    "not_confirmed": ("verifying",),
}
#: Moves that must say why: a decision, or reopening one.
NOTE_REQUIRED = {"confirmed", "not_confirmed"}
MAX_NOTE_LENGTH = 2000


class FollowUpRefused(ValueError):
    """A follow-up step that is not allowed; code says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def record_follow_up(session, alert: Alert, to_status: str, note: str, user_id: int,
                     now=None) -> AlertEvent:
    """Move an alert to to_status with a note and keep the step in its history; flush only.

    :raises FollowUpRefused: "transition" (not allowed from the current status),
        "note_required" (a decision or a reopening without a note), "note_too_long".
    """
    note = nfc((note or "").strip())
    if to_status not in TRANSITIONS.get(alert.status, ()):
        raise FollowUpRefused("transition")
    reopening = alert.status in NOTE_REQUIRED
    if (to_status in NOTE_REQUIRED or reopening) and not note:
        raise FollowUpRefused("note_required")
    if len(note) > MAX_NOTE_LENGTH:
        raise FollowUpRefused("note_too_long")
    now = now or utcnow()
    event = AlertEvent(alert_id=alert.id, at=now, user_id=user_id, from_status=alert.status,
                       to_status=to_status, note=note)
    session.add(event)
    alert.status = to_status
    alert.status_changed_at = now
    alert.handled_by_id = user_id
    alert.note = note or alert.note
    session.flush()
    return event
