"""Demo monthly inputs: dossier statistics, leader scores and a few breaches."""

from datetime import date

from sqlalchemy import insert

from models.demo import names
from models.evaluation import BreachEntry, DossierStat, LeaderAssessment


def dossier_row(rng, officer_id: int, period: str) -> dict:
    """Return believable dossier figures: mostly early or on time, a few late."""
    received = rng.randint(60, 260)
    resolved = round(received * rng.uniform(0.85, 1.0))
    late = round(resolved * rng.choice((0, 0, 0.01, 0.03, 0.06, 0.12)))
    early = round((resolved - late) * rng.uniform(0.45, 0.8))
    return {
        "officer_id": officer_id, "period": period, "received": received,
        "resolved_early": early, "resolved_on_time": resolved - late - early,
        "resolved_late": late, "digitised": round(resolved * rng.uniform(0.85, 1.0)),
        "received_online": round(received * rng.uniform(0.5, 0.9)),
        "returned_by_post": round(received * rng.uniform(0.08, 0.3)),
    }


def insert_month_inputs(session, rng, officers, period: str, leader_id: int) -> None:
    """Insert dossier figures and leader scores for every officer, and some breaches."""
    session.execute(insert(DossierStat.__table__),
                    [dossier_row(rng, o.id, period) for o in officers])
    session.execute(insert(LeaderAssessment.__table__), [
        {"officer_id": o.id, "period": period, "score": rng.choice((7, 7.5, 8, 8.5, 9, 9.5, 10)),
         "note": "", "updated_by_id": leader_id}
        for o in officers
    ])
    year, month = (int(part) for part in period.split("-"))
    breaches = [
        {"officer_id": o.id, "period": period, "occurred_on": date(year, month, rng.randint(1, 28)),
         "kind": rng.choice(names.BREACH_KINDS), "deduction": None, "note": "",
         "created_by_id": leader_id}
        for o in officers if rng.random() < 0.1
    ]
    if breaches:
        session.execute(insert(BreachEntry.__table__), breaches)
