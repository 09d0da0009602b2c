"""Store a month's dashboard figures (one row per month, replaced on each computation)."""

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite

from evaluation.report import MonthReport
from models.base import utcnow
from models.dashboards import DashboardDay, DashboardMonth
from models.queries.dashboard_month import dashboard_month


def figures_for(session, report: MonthReport) -> dict:
    """Return the row values of ``report``'s dashboard figures (reads only; computes)."""
    summary, details, days = dashboard_month(session, report)
    return {"period": report.period, "computed_at": report.computed_at,
            "status": report.status, "closed_at": report.closed_at,
            "summary": summary, "details": details, "days": days}


def store_figures(session, values: dict, now: datetime | None = None) -> None:
    """Insert or replace a month's figures (flushes; the caller commits).

    An upsert, so two hosts storing the same month at once both succeed; the later wins.
    The day tallies counted for it (``values["days"]``) are kept the same way: each under
    the token it was counted from, so a day stored by a slower host is counted again by the
    next refresh if its ratings changed meanwhile.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = dict(values)
    days = values.pop("days", [])
    if days:
        statement = insert(DashboardDay).values(days)
        session.execute(statement.on_conflict_do_update(
            index_elements=["zone", "day"],
            set_={"token": statement.excluded.token, "figures": statement.excluded.figures}))
    values["computed_at"] = values["computed_at"] or now or utcnow()
    statement = insert(DashboardMonth).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["period"],
        set_={key: statement.excluded[key] for key in values if key != "period"})
    session.execute(statement)
    session.flush()
