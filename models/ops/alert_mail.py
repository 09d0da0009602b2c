"""Which alerts still need an e-mail: a cursor (the last alert mailed) kept as a setting.

The cursor moves with a compare-and-set update, so when several hosts run the mail job
at once each alert is claimed by one of them only.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from models.alerts import Alert
from models.base import utcnow
from models.org import Counter, Officer, Site
from models.questionnaires import QuestionItem
from models.ratings import Rating
from models.settings import Setting
from models.staff import User

CURSOR_KEY = "alert_mail.last_alert_id"
#: On the very first run, alerts older than this are not mailed.
FIRST_RUN_LOOKBACK = timedelta(hours=1)


@dataclass(frozen=True)
class MailAlert:
    """What an alert e-mail says about one alert."""

    id: int
    kind: str
    created_at: datetime
    site_name: str
    counter_number: int
    officer_name: str | None
    behaviour_vi: str | None
    reason_text: str | None
    comment: str | None


def _cursor(session, now) -> int | None:
    value = session.scalar(select(Setting.value).where(Setting.key == CURSOR_KEY))
    if value is not None:
        return int(value)
    return None


def claim_new_alerts(session, limit: int = 200, now=None) -> tuple[int, list[MailAlert]]:
    """Claim the alerts not mailed yet; return the previous cursor and the alerts (flushes).

    Returns no alerts when another host moved the cursor first.
    """
    now = now or utcnow()
    previous = _cursor(session, now)
    start = previous
    if start is None:
        start = session.scalar(select(func.coalesce(func.max(Alert.id), 0)).where(
            Alert.created_at < now - FIRST_RUN_LOOKBACK))
    alerts = _alerts_after(session, start, limit)
    if not alerts:
        return start, []
    if not _move_cursor(session, previous, alerts[-1].id, now):
        return start, []
    return start, alerts


def release_claim(session, previous: int, claimed_up_to: int) -> None:
    """Put the cursor back (after a failed send) so the alerts are mailed next time."""
    session.execute(update(Setting).where(
        Setting.key == CURSOR_KEY, Setting.value == str(claimed_up_to)).values(
        value=str(previous)))
    session.flush()


def _move_cursor(session, previous, new_value, now) -> bool:
    if previous is None:
        try:
            with session.begin_nested():
                session.execute(insert(Setting).values(key=CURSOR_KEY, value=str(new_value),
                                                       updated_at=now))
        except IntegrityError:
            return False
        return True
    moved = session.execute(update(Setting).where(
        Setting.key == CURSOR_KEY, Setting.value == str(previous)).values(
        value=str(new_value), updated_at=now))
    return moved.rowcount == 1


def _alerts_after(session, start: int, limit: int) -> list[MailAlert]:
    rows = session.execute(
        select(Alert.id, Alert.kind, Alert.created_at, Site.name, Counter.number,
               Officer.full_name, QuestionItem.label_vi, Rating.reason_text, Rating.comment)
        .join(Site, Site.id == Alert.site_id)
        .join(Rating, Rating.id == Alert.rating_id)
        .join(Counter, Counter.id == Rating.counter_id)
        .outerjoin(Officer, Officer.id == Alert.officer_id)
        .outerjoin(QuestionItem, QuestionItem.id == Alert.item_id)
        .where(Alert.id > start).order_by(Alert.id).limit(limit))
    return [MailAlert(*row) for row in rows]


def leader_addresses(session) -> list[str]:
    """Return the e-mail addresses of the active leaders."""
    return list(session.scalars(select(User.email).where(
        User.role == "leader", User.active, User.email.is_not(None)).order_by(User.email)))
