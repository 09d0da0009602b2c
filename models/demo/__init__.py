"""Fill an empty database with a realistic province: sites, officers, tablets, months of ratings."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from models.defaults import install_default_questionnaire
from models.demo.assessment import (
    DECREE_FROM,
    assign_heads,
    demo_deadline,
    insert_assessments,
    install_demo_rubrics,
    record_leading_post,
)
from models.demo.inputs import insert_month_inputs
from models.demo.org import (
    create_departments,
    create_officers,
    create_sites,
    create_staff,
    create_tablets,
)
from models.demo.ratings import CHUNK, RatingGenerator, insert_chunk, officer_profile, workdays
from models.evaluation import DossierStat
from models.org import Officer, Site
from models.queries.questionnaires import load_questionnaire


class DatabaseNotEmpty(RuntimeError):
    """The demo refuses to mix with real data."""


@dataclass(frozen=True)
class DemoOptions:
    """How big the demo is; the same seed and `now` give the same data."""

    officers: int = 40
    months: int = 3
    ratings_per_officer: int = 60
    seed: int = 2026
    zone: str = "Asia/Ho_Chi_Minh"
    now: datetime | None = None


@dataclass(frozen=True)
class DemoSummary:
    """What was created."""

    sites: int
    officers: int
    counters: int
    ratings: int
    periods: tuple[str, ...]
    usernames: tuple[tuple[str, str], ...]
    counter_codes: tuple[str, ...]


def database_is_empty(session) -> bool:
    """Say whether there are no sites and no officers yet."""
    return not (
        session.scalar(select(func.count(Site.id)))
        or session.scalar(select(func.count(Officer.id)))
    )


def demo_periods(today: date, months: int) -> list[tuple[str, date, date]]:
    """Return (YYYY-MM, first day, last day) for the last `months` months up to today."""
    periods, year, month = [], today.year, today.month
    for _ in range(months):
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        periods.append(
            (f"{year:04d}-{month:02d}", first, min(following - timedelta(days=1), today))
        )
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(periods))


def seed_demo(session, options: DemoOptions, *, password_hash: str, pin_hash: str,
              progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Create the demo province in session (flushes, never commits).

    :param progress: called as ``progress(done, total)`` with the ratings planned so far and in
        all, from before the first is drawn (the ratings are nearly all of the time taken).
    :raises DatabaseNotEmpty: when sites or officers already exist.
    """
    if not database_is_empty(session):
        raise DatabaseNotEmpty("the database already holds sites or officers")
    rng = random.Random(options.seed)
    now = options.now or datetime.now(UTC)
    version = install_default_questionnaire(session)
    install_demo_rubrics(session)
    questionnaire = load_questionnaire(session, version.id)
    sites = create_sites(session)
    departments = create_departments(session, sites)
    officers = create_officers(session, rng, sites, departments, options.officers, pin_hash)
    counters = sorted(
        {c.id: c for o in officers for c in o.counters}.values(),
        key=lambda c: (c.site_id, c.number),
    )
    tablets = create_tablets(session, counters, now)
    users = create_staff(
        session, officers, [d for ds in departments.values() for d in ds], password_hash
    )
    users += assign_heads(session, users, officers, password_hash)
    record_leading_post(session, officers)
    leader_id = next(u.id for u in users if u.role == "leader")
    generator = RatingGenerator(
        rng, questionnaire, options.zone, now, {t.counter_id: t.id for t in tablets}, leader_id
    )
    today = now.astimezone(ZoneInfo(options.zone)).date()
    periods = demo_periods(today, options.months)
    total = _seed_ratings(session, rng, generator, officers, periods, options,
                          progress or _no_progress)
    for period, _first, last in periods:
        if last < today:
            insert_month_inputs(session, rng, officers, period, leader_id)
    _seed_assessments(session, rng, officers, periods, today, users, options.zone)
    session.flush()
    return DemoSummary(
        sites=len(sites),
        officers=len(officers),
        counters=len(counters),
        ratings=total,
        periods=tuple(p for p, _f, _l in periods),
        usernames=tuple((u.username, u.role) for u in users),
        counter_codes=tuple(c.code for c in counters),
    )


def _seed_assessments(session, rng, officers, periods, today, users, zone) -> None:
    """Add the NĐ 335 workflow to the ended months scored by the decree's rubric."""
    ended = [(p, first) for p, first, last in periods if last < today and first >= DECREE_FROM]
    accounts = {"leader": next(u.id for u in users if u.role == "leader"),
                "head": next(u.id for u in users if u.username == "truongbp")}
    for index, (period, _first) in enumerate(ended):
        received = dict(session.execute(select(DossierStat.officer_id, DossierStat.received)
                                        .where(DossierStat.period == period)).all())
        deadline = demo_deadline(today, zone) if index == len(ended) - 1 else None
        insert_assessments(session, rng, officers, period, accounts, zone=zone,
                           received=received, deadline=deadline)


def _no_progress(_done: int, _total: int) -> None:
    pass


def _planned(officers, profiles, periods, options):
    """Yield (officer, profile, days, count) for each month and officer: the ratings to draw."""
    for _period, first, last in periods:
        days = workdays(first, last) or [first]
        for index, (officer, profile) in enumerate(zip(officers, profiles, strict=True)):
            count = round(options.ratings_per_officer * profile.volume * len(days) / 21)
            if index == 7:
                count = min(count, 3)  # the officer with few ratings, to show fair ranking
            yield officer, profile, days, count


def _seed_ratings(session, rng, generator, officers, periods, options, progress) -> int:
    """Generate and bulk-insert every officer's ratings month by month; return how many.

    A draw that finds no moment (a future or out-of-hours day) yields no rating, so fewer than
    planned may be made; ``progress`` counts the planned ones and ends at their total.
    """
    profiles = [officer_profile(rng, i) for i in range(len(officers))]
    planned = sum(plan[3] for plan in _planned(officers, profiles, periods, options))
    buffers, total, done = ([], [], [], []), 0, 0
    progress(0, planned)
    for officer, profile, days, count in _planned(officers, profiles, periods, options):
        for rating, answers, visit, alerts in generator.rows_for(
            officer, officer.counters[0], profile, days, count
        ):
            buffers[0].append(rating)
            buffers[1].extend(answers)
            if visit:
                buffers[2].append(visit)
            buffers[3].extend(alerts)
            total += 1
        if len(buffers[0]) >= CHUNK:
            insert_chunk(session, *buffers)
            buffers = ([], [], [], [])
        done += count
        progress(done, planned)
    if buffers[0]:
        insert_chunk(session, *buffers)
    progress(planned, planned)
    return total
