"""Live figures for the console's dashboards: today's ratings, alerts and tablets, by scope."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select

from models.alerts import Alert
from models.devices import Tablet
from models.org import Officer
from models.questionnaires import QuestionnaireVersion
from models.ratings import Rating, satisfied_rating

OPEN_ALERT_STATUSES = ("new", "verifying")


@dataclass(frozen=True)
class Scope:
    """What a person may see: some departments (a liaison), one officer, or everything."""

    departments: frozenset[int] | None = None
    officer_id: int | None = None

    def limit(self, query, officer_column):
        """Return ``query`` limited to the scope, through the officer ``officer_column`` holds."""
        if self.officer_id is not None:
            return query.where(officer_column == self.officer_id)
        if self.departments is not None:
            return query.join(Officer, Officer.id == officer_column).where(
                Officer.department_id.in_(sorted(self.departments)))
        return query


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


def today_overview(session, zone: str, now: datetime | None = None,
                   scope: Scope = Scope()) -> TodayOverview:
    """Count today's counted ratings and satisfied ones, open alerts, tablets heard from.

    Counted: not excluded, not held for review. Tablets are counted only for the unlimited
    scope (a liaison's departments have none).
    """
    start, end = local_day_bounds(zone, now)
    satisfied = case((satisfied_rating(), 1), else_=0)
    ratings, happy = session.execute(scope.limit(
        select(func.count(Rating.id), func.coalesce(func.sum(satisfied), 0))
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Rating.questionnaire_version_id)
        .where(Rating.rated_at >= start, Rating.rated_at < end, Rating.excluded.is_(False),
               Rating.held.is_(False)),
        Rating.officer_id)).one()
    open_alerts = session.scalar(scope.limit(
        select(func.count(Alert.id)).where(Alert.status.in_(OPEN_ALERT_STATUSES)),
        Alert.officer_id))
    tablets = seen = 0
    if scope == Scope():
        recent = (now or datetime.now(UTC)) - timedelta(minutes=5)
        tablets, seen = session.execute(
            select(func.count(Tablet.id),
                   func.coalesce(func.sum(case((Tablet.last_heartbeat_at >= recent, 1),
                                               else_=0)), 0))
            .where(Tablet.revoked_at.is_(None))).one()
    return TodayOverview(ratings, happy, open_alerts, tablets, seen)


def alert_counts(session, start: datetime, end: datetime,
                 scope: Scope = Scope()) -> dict[tuple[str, str], int]:
    """Return ``{(kind, status): count}`` of the alerts raised in [start, end)."""
    rows = session.execute(scope.limit(
        select(Alert.kind, Alert.status, func.count(Alert.id))
        .where(Alert.created_at >= start, Alert.created_at < end)
        .group_by(Alert.kind, Alert.status), Alert.officer_id))
    return {(kind, status): count for kind, status, count in rows}
