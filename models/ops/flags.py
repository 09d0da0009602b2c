"""Hold a flagged rating for a leader, and record the leader's decision on it.

A rating with a pending flag is ``held``: it counts nowhere (tallies, site rates, reports,
dashboards) until a leader decides. Accepting makes it count; excluding goes through the
one exclusion mechanism (models/ops/reviews.py), so every report that lists exclusions
lists it, with the flag named in the reason.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from integrity import RULE_NAMES_VI
from models.base import nfc, utcnow
from models.flags import MAX_DECISION_LENGTH, RatingFlag
from models.ops.screening import Finding, Screening, screen_rating
from models.ratings import Rating

#: Exclusion reason written when a leader excludes a flagged rating.
FLAG_EXCLUSION_REASON = "Loại sau khi xem xét cờ nghi vấn ({rules}): {reason}"


class FlagDecisionRefused(ValueError):
    """A decision that cannot be recorded; code says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def raise_flags(session, rating_id, findings: list[Finding], now: datetime | None = None) -> int:
    """Store the findings as pending flags and hold the rating; return how many are new.

    A rule that already flagged the rating is not flagged twice. Flush only.
    """
    if not findings:
        return 0
    known = set(session.scalars(select(RatingFlag.rule).where(RatingFlag.rating_id == rating_id)))
    new = [f for f in findings if f.rule not in known]
    if not new:
        return 0
    now = now or utcnow()
    session.add_all(RatingFlag(rating_id=rating_id, rule=f.rule, details=f.details,
                               created_at=now, status="pending") for f in new)
    session.execute(update(Rating).where(Rating.id == rating_id, Rating.excluded.is_(False))
                    .values(held=True))
    session.flush()
    return len(new)


def screen_and_flag(session, rating_id, screening: Screening,
                    now: datetime | None = None) -> list[Finding]:
    """Run the rules on a stored rating and hold it when any fires; return the findings."""
    findings = screen_rating(session, rating_id, screening)
    raise_flags(session, rating_id, findings, now)
    return findings


def pending_flags(session, rating_id) -> list[RatingFlag]:
    """Return the rating's flags waiting for a decision, in rule order of creation."""
    return list(session.scalars(select(RatingFlag).where(
        RatingFlag.rating_id == rating_id, RatingFlag.status == "pending")
        .order_by(RatingFlag.id)))


def _reason(text: str | None) -> str:
    text = nfc((text or "").strip())
    if not text:
        raise FlagDecisionRefused("reason_required")
    if len(text) > MAX_DECISION_LENGTH:
        raise FlagDecisionRefused("reason_too_long")
    return text


def decide_flags(session, rating: Rating, accept: bool, reason: str, user_id: int,
                 now: datetime | None = None) -> list[RatingFlag]:
    """Accept (the rating counts) or exclude (with the exclusion mechanism) a held rating.

    Every pending flag of the rating takes the decision; the reason is required either
    way. Returns the flags decided. Flush only.

    :raises FlagDecisionRefused: "nothing_pending", "reason_required", "reason_too_long".
    """
    from models.ops.reviews import exclude_rating  # reviews settles flags too

    reason = _reason(reason)
    flags = pending_flags(session, rating.id)
    if not flags:
        raise FlagDecisionRefused("nothing_pending")
    now = now or utcnow()
    if accept:
        settle_flags(session, rating, "accepted", reason, user_id, now)
    elif rating.excluded:
        settle_flags(session, rating, "excluded", reason, user_id, now)
    else:
        rules = ", ".join(RULE_NAMES_VI.get(flag.rule, flag.rule) for flag in flags)
        text = FLAG_EXCLUSION_REASON.format(rules=rules, reason=reason)
        exclude_rating(session, rating, text[:MAX_DECISION_LENGTH], user_id, now,
                       flag_reason=reason)
    return flags


def settle_flags(session, rating: Rating, status: str, reason: str, user_id: int | None,
                 now: datetime) -> int:
    """Give every pending flag of the rating a decision and release the hold; flush only.

    Returns how many flags were decided.
    """
    decided = session.execute(
        update(RatingFlag)
        .where(RatingFlag.rating_id == rating.id, RatingFlag.status == "pending")
        .values(status=status, decided_by_id=user_id, decided_at=now,
                decision_reason=reason[:MAX_DECISION_LENGTH])
    ).rowcount
    rating.held = False
    session.flush()
    return decided


@dataclass(frozen=True)
class ScanResult:
    """What a scan of a window found: ratings looked at, ratings held, new flags."""

    ratings: int
    held: int
    flags: int


def scan_window(session, start: datetime, end: datetime, screening: Screening,
                now: datetime | None = None) -> ScanResult:
    """Run the rules again on every rating rated in [start, end) and flag what they find.

    For a month whose thresholds changed, or ratings that arrived before the rules did
    (imports, demo data). Flags already raised stay as they are; excluded ratings get the
    flag but are not held. Flush only; the caller refuses a closed month.
    """
    now = now or utcnow()
    ids = session.scalars(select(Rating.id).where(Rating.rated_at >= start, Rating.rated_at < end)
                          .order_by(Rating.rated_at, Rating.id)).all()
    new = 0
    for rating_id in ids:
        new += raise_flags(session, rating_id, screen_rating(session, rating_id, screening), now)
    held = pending_in_window(session, start, end)
    return ScanResult(len(ids), held, new)


def pending_in_window(session, start: datetime, end: datetime) -> int:
    """Return how many ratings rated in [start, end) wait for a decision on a flag."""
    return session.scalar(select(func.count(Rating.id)).where(
        Rating.held, Rating.rated_at >= start, Rating.rated_at < end)) or 0
