"""Recording who holds a leading or managing post, and which sites qualify for the quota's
exception in a year (NĐ 335/2025). Each flushes and never commits; the caller audits."""

from datetime import date, timedelta

from sqlalchemy import select

from evaluation.periods import parse_period
from models.assessment import CONCLUSION_KINDS
from models.base import nfc
from models.evaluation import EvaluationMonth
from models.leadership import POST_UNITS, LeadingPost, OutstandingUnit
from models.ops.inputs import InputError, entry_as_dict
from models.org import Officer, Site
from models.staff import User

MAX_TITLE = 120
MAX_TEXT = 1000
MAX_REFERENCE = 200
#: The years a qualification may be recorded for (as the table's check).
YEARS = range(2000, 2101)
_FAR = date(9999, 12, 31)


def _text(value: str | None, limit: int, *, required: str | None = None) -> str:
    text = nfc((value or "").strip())
    if required and not text:
        raise InputError(required, "this text is required")
    if len(text) > limit:
        raise InputError("note_too_long", f"at most {limit} characters")
    return text


def ensure_not_own(session, user_id: int | None, officer_id: int) -> None:
    """Refuse a change to the records that grade the acting user's own officer.

    Policy: the evaluated officer is never the one who records their own post, conclusion,
    assigned number or waiver, even as a leader or an administrator.

    :raises InputError: ``own_record``.
    """
    user = session.get(User, user_id) if user_id is not None else None
    if user is not None and user.officer_id == officer_id:
        raise InputError("own_record", "nobody records what grades their own evaluation")


def ensure_not_own_unit(session, user_id: int | None, officer_id: int, period: str) -> None:
    """Refuse a change to the task counts of an officer in a unit the acting user leads.

    Policy: an evaluated officer holding a leading post in the period has the led unit's
    pooled counts in their own task results, so they never enter the assigned numbers or
    waivers of its officers for that period (another leader or an administrator does).

    :raises InputError: ``own_unit``.
    """
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or user.officer_id is None:
        return
    leader, target = session.get(Officer, user.officer_id), session.get(Officer, officer_id)
    found = parse_period(period)
    posts = session.scalars(select(LeadingPost).where(
        LeadingPost.officer_id == user.officer_id, LeadingPost.started_on <= found.last_day,
        (LeadingPost.ended_on.is_(None)) | (LeadingPost.ended_on >= found.first_day)))
    for post in posts:
        if (post.unit == "department" and target.department_id == post.department_id
                and target.site_id == leader.site_id) or \
                (post.unit == "site" and target.site_id == post.site_id):
            raise InputError("own_unit", "the officer is in a unit the user leads")


def ensure_days_open(session, first: date, last: date) -> None:
    """Refuse a change that touches a closed period: any closed month or quarter that has a
    day in [first, last] (reopen it first).

    :raises InputError: ``month_closed``.
    """
    closed = session.scalars(select(EvaluationMonth.period)
                             .where(EvaluationMonth.status == "closed"))
    for period in closed:
        found = parse_period(period)
        if found.first_day <= last and first <= found.last_day:
            raise InputError("month_closed", f"{period} is closed; reopen it first")


def input_officer(session, officer_id: int, user_id: int | None) -> Officer:
    """Return the officer an input is entered for, refusing an unknown one and one's own."""
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise InputError("unknown_officer", f"no officer with id {officer_id}")
    ensure_not_own(session, user_id, officer_id)
    return officer


def _overlapping(session, officer_id: int, first: date, last: date,
                 but: int | None = None) -> LeadingPost | None:
    query = select(LeadingPost).where(
        LeadingPost.officer_id == officer_id, LeadingPost.started_on <= last,
        (LeadingPost.ended_on.is_(None)) | (LeadingPost.ended_on >= first))
    if but is not None:
        query = query.where(LeadingPost.id != but)
    return session.scalars(query.limit(1)).first()


def add_post(session, officer_id: int, *, unit: str, title: str, started_on: date,
             note: str = "", user_id: int | None) -> LeadingPost:
    """Record that an officer holds a leading post from ``started_on``; flush.

    Policy: the unit is the officer's own department (its officers at the officer's site)
    or the officer's whole site; one post at a time (end the current one first); the post
    may not start in a closed period.

    :raises InputError: ``unknown_officer``, ``own_record``, ``bad_unit``,
        ``title_required``, ``note_too_long``, ``post_overlaps``, ``month_closed``.
    """
    officer = input_officer(session, officer_id, user_id)
    if unit not in POST_UNITS:
        raise InputError("bad_unit", f"a post leads one of {', '.join(POST_UNITS)}")
    title = _text(title, MAX_TITLE, required="title_required")
    if _overlapping(session, officer_id, started_on, _FAR) is not None:
        raise InputError("post_overlaps", "the officer holds a post on that date or after it")
    ensure_days_open(session, started_on, _FAR)
    post = LeadingPost(officer_id=officer_id, unit=unit, title=title, started_on=started_on,
                       department_id=officer.department_id if unit == "department" else None,
                       site_id=officer.site_id if unit == "site" else None,
                       note=_text(note, MAX_TEXT), created_by_id=user_id)
    session.add(post)
    session.flush()
    return post


def end_post(session, post: LeadingPost, ended_on: date | None, *,
             user_id: int | None) -> tuple[dict, dict]:
    """Set (or clear, with None) the last day of a post; return it before and after.

    Policy: the days whose post changes must all be in open periods.

    :raises InputError: ``own_record``, ``ends_before_start``, ``post_overlaps``,
        ``month_closed``.
    """
    ensure_not_own(session, user_id, post.officer_id)
    before = entry_as_dict(post)
    if ended_on is not None and ended_on < post.started_on:
        raise InputError("ends_before_start", "a post ends on or after its first day")
    old, new = post.ended_on or _FAR, ended_on or _FAR
    if new > old and _overlapping(session, post.officer_id, old + timedelta(days=1), new,
                                  but=post.id) is not None:
        raise InputError("post_overlaps", "another post starts before that day")
    if new != old:
        ensure_days_open(session, min(old, new) + timedelta(days=1), max(old, new))
    post.ended_on = ended_on
    session.flush()
    return before, entry_as_dict(post)


def delete_post(session, post: LeadingPost, *, user_id: int | None) -> dict:
    """Delete a post recorded by mistake; every day it covered must be in an open period.

    :raises InputError: ``own_record``, ``month_closed``.
    """
    ensure_not_own(session, user_id, post.officer_id)
    ensure_days_open(session, post.started_on, post.ended_on or _FAR)
    before = entry_as_dict(post)
    session.delete(post)
    session.flush()
    return before


def holds_post_in_year(session, officer_id: int, day: date) -> bool:
    """Say whether the officer held a leading post on some day of ``day``'s year up to it."""
    return _overlapping(session, officer_id, date(day.year, 1, 1), day) is not None


def check_conclusion_kind(session, officer_id: int, kind: str, day: date) -> None:
    """Refuse an unknown kind, and a leader's conclusion for an officer holding no post.

    :raises InputError: ``bad_conclusion_kind``, ``not_a_leader``.
    """
    if kind not in CONCLUSION_KINDS:
        raise InputError("bad_conclusion_kind", f"a conclusion is one of {CONCLUSION_KINDS}")
    if kind == "leader_unit_violation" and not holds_post_in_year(session, officer_id, day):
        raise InputError("not_a_leader",
                         "the officer held no leading post in that year up to that day")


def add_outstanding(session, site_id: int, year: int, *, reference: str, note: str = "",
                    user_id: int | None) -> OutstandingUnit:
    """Record that a site qualifies for the quota's exception in ``year``; flush.

    Policy: recorded before any period of the year is closed (or after reopening them), so
    a closed period's quota never changes.

    :raises InputError: ``unknown_site``, ``bad_year``, ``reference_required``,
        ``note_too_long``, ``already_outstanding``, ``month_closed``.
    """
    if session.get(Site, site_id) is None:
        raise InputError("unknown_site", f"no site with id {site_id}")
    if year not in YEARS:
        raise InputError("bad_year", "a year from 2000 to 2100")
    reference = _text(reference, MAX_REFERENCE, required="reference_required")
    if session.scalar(select(OutstandingUnit.id).where(OutstandingUnit.site_id == site_id,
                                                      OutstandingUnit.year == year)):
        raise InputError("already_outstanding", "the site is already marked for that year")
    ensure_days_open(session, date(year, 1, 1), date(year, 12, 31))
    entry = OutstandingUnit(site_id=site_id, year=year, reference=reference,
                            note=_text(note, MAX_TEXT), created_by_id=user_id)
    session.add(entry)
    session.flush()
    return entry


def delete_outstanding(session, entry: OutstandingUnit) -> dict:
    """Delete a qualification recorded by mistake, while no period of its year is closed.

    :raises InputError: ``month_closed``.
    """
    ensure_days_open(session, date(entry.year, 1, 1), date(entry.year, 12, 31))
    before = entry_as_dict(entry)
    session.delete(entry)
    session.flush()
    return before


__all__ = [
    "add_outstanding",
    "add_post",
    "check_conclusion_kind",
    "delete_outstanding",
    "delete_post",
    "end_post",
    "ensure_days_open",
    "ensure_not_own",
    "ensure_not_own_unit",
    "holds_post_in_year",
    "input_officer",
]
