"""Figures for the console home page."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select

from models.alerts import Alert
from models.devices import Tablet
from models.questionnaires import QuestionnaireVersion
from models.ratings import Rating


@dataclass(frozen=True)
class TodayOverview:
    """Today's counts, local day."""

    ratings: int
    satisfied: int
    open_alerts: int
    tablets: int
    tablets_seen_recently: int

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.ratings if self.ratings else None


def local_day_bounds(zone: str, now: datetime | None = None) -> tuple[datetime, datetime]:
    """Return today's local midnight and the next one, as UTC instants."""
    tz = ZoneInfo(zone)
    local_today = (now or datetime.now(UTC)).astimezone(tz).date()
    start = datetime.combine(local_today, time(0), tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def today_overview(session, zone: str, now: datetime | None = None) -> TodayOverview:
    """Count today's ratings and satisfied ratings, open alerts, and tablets heard from."""
    start, end = local_day_bounds(zone, now)
    satisfied = case((Rating.level >= QuestionnaireVersion.satisfied_min_level, 1), else_=0)
    ratings, happy = session.execute(
        select(func.count(Rating.id), func.coalesce(func.sum(satisfied), 0))
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Rating.questionnaire_version_id)
        .where(Rating.rated_at >= start, Rating.rated_at < end, Rating.excluded.is_(False))
    ).one()
    open_alerts = session.scalar(
        select(func.count(Alert.id)).where(Alert.status.in_(("new", "verifying")))
    )
    recent = (now or datetime.now(UTC)) - timedelta(minutes=5)
    tablets, seen = session.execute(
        select(
            func.count(Tablet.id),
            func.coalesce(func.sum(case((Tablet.last_heartbeat_at >= recent, 1), else_=0)), 0),
        ).where(Tablet.revoked_at.is_(None))
    ).one()
    return TodayOverview(ratings, happy, open_alerts, tablets, seen)
