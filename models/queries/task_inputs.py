"""An officer's NĐ 335 inputs of a month as the console lists them."""

from sqlalchemy import select

from models.assessment import DegradationConclusion, TaskAssignment, TaskWaiver
from models.leadership import LeadingPost


def officer_task_entries(session, officer_id: int, period: str):
    """Return (assignment or None, waivers, conclusions of degradation) of a month."""
    assignment = session.scalar(select(TaskAssignment).where(
        TaskAssignment.officer_id == officer_id, TaskAssignment.period == period))
    waivers = session.scalars(select(TaskWaiver).where(
        TaskWaiver.officer_id == officer_id, TaskWaiver.period == period)
        .order_by(TaskWaiver.id)).all()
    conclusions = session.scalars(select(DegradationConclusion).where(
        DegradationConclusion.officer_id == officer_id, DegradationConclusion.period == period)
        .order_by(DegradationConclusion.concluded_on, DegradationConclusion.id)).all()
    return assignment, waivers, conclusions


def assigned_by_officer(session, period: str) -> dict[int, int | None]:
    """Return each officer's assigned number for the month (officers with an entry)."""
    return dict(session.execute(select(TaskAssignment.officer_id, TaskAssignment.assigned)
                                .where(TaskAssignment.period == period)).all())


def officer_posts(session, officer_id: int) -> list:
    """Return the officer's leading posts, latest first."""
    return session.scalars(select(LeadingPost).where(LeadingPost.officer_id == officer_id)
                           .order_by(LeadingPost.started_on.desc(), LeadingPost.id.desc())).all()
