"""Check that every closed month still reproduces what was frozen (after a restore or upgrade)."""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select

from evaluation import evaluate_month, parse_rubric
from models.evaluation import EvaluationMonth
from models.queries.month import compute_month


@dataclass(frozen=True)
class ClosedMonthCheck:
    """One closed month: the digest of its snapshot and whether its results reproduce."""

    period: str
    digest: str
    #: Scoring the frozen inputs under the frozen rubric gives the frozen results again.
    reproduces: bool


def snapshot_digest(snapshot: dict) -> str:
    """Return the SHA-256 of a snapshot's canonical JSON (key order and spacing fixed)."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_closed_months(session, zone: str) -> list[ClosedMonthCheck]:
    """Return the check of every closed month, in period order.

    A month reproduces when the engine, run now on the inputs and rubric frozen at closing,
    returns exactly the results frozen with them (every figure, grade and rank).
    """
    checks = []
    rows = session.scalars(select(EvaluationMonth).where(EvaluationMonth.status == "closed")
                           .order_by(EvaluationMonth.period))
    for row in rows:
        report = compute_month(session, row.period, zone=zone)
        again = evaluate_month(parse_rubric(report.rubric.document), report.inputs)
        checks.append(ClosedMonthCheck(row.period, snapshot_digest(row.snapshot),
                                       again == report.result))
    return checks
