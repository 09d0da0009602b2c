"""Write legacy_months.json: months scored by the engine as it was before NĐ 335 (commit dceb9ae).

Run once, at that commit, with ``python tests/evaluation/data/make_legacy_months.py``. The
output pins what every closed month scored under a ``hailong.rubric/1`` document decoded and
re-scored to: tests/evaluation/test_legacy_months.py checks that today's engine reads each
frozen month back and, re-scoring its frozen inputs under its frozen rubric, gets exactly the
same result. Do not run it again with a newer engine: that would make the test vacuous.
"""

import json
import random
from datetime import date
from pathlib import Path

from evaluation.engine import evaluate_month, result_to_dict
from evaluation.inputs import (
    Breach,
    ConductTally,
    DossierStats,
    MonthInputs,
    OfficerMonth,
    RatingTally,
    SiteMonth,
)
from evaluation.rubric import load_default_rubric, parse_rubric, rubric_to_dict
from evaluation.serialization import inputs_to_dict

NAMES = ["Nguyễn Văn An", "Lê Văn Ánh", "Trần Thị Bình", "Phạm Anh", "Đỗ Thị Đào", "Vũ Ngọc Ân",
         "Nguyễn An", "Hoàng Văn Ư", "Bùi Thị Yến", "Lê Văn Ánh"]


def variants() -> list[dict]:
    base = rubric_to_dict(load_default_rubric())
    quota = {**base, "quota": {"enabled": True, "max_share": 0.2}}
    wilson = {**base, "adjustment": {"method": "wilson", "prior_weight": 10, "min_count": 5,
                                     "wilson_z": 1.96}}
    unverified = {**base, "score_unverified": True, "rescale_not_applicable": False}
    capless = {**quota, "caps": [], "quota": {"enabled": True, "max_share": 0.35}}
    return [base, quota, wilson, unverified, capless]


def officer(rng: random.Random, officer_id: int) -> OfficerMonth:
    verified = rng.choice([0, 1, 3, 15, 40, 120, 300])
    unverified = rng.choice([0, 0, 2, 9])
    answered = rng.randint(0, 8 * verified)
    dossiers = None
    if rng.random() < 0.8:
        dossiers = DossierStats(
            received=rng.randint(0, 300), early=rng.randint(40, 120), on_time=rng.randint(0, 60),
            late=rng.choice([0, 0, 1, 5, 20]), digitised=rng.randint(150, 200),
            received_online=rng.choice([None, rng.randint(0, 200)]),
            returned_by_post=rng.choice([None, rng.randint(0, 50)]))
    breaches = tuple(Breach(rng.choice(["Đi muộn", "Vắng không phép"]),
                            date(2026, 10, rng.randint(1, 31)),
                            rng.choice([None, None, 2.0, 5.5]))
                     for _ in range(rng.choice([0, 0, 0, 1, 2])))
    return OfficerMonth(
        officer_id=officer_id, code=f"CB{officer_id:04d}", full_name=rng.choice(NAMES),
        title="Chuyên viên", site_id=rng.randint(1, 3), site_name="Điểm phục vụ",
        department_id=rng.randint(1, 4), department_name="Sở",
        department_flags=rng.choice([frozenset(), frozenset({"land_group"})]),
        ratings=RatingTally(verified, rng.randint(verified * 4 // 5, verified), unverified,
                            rng.randint(0, unverified), rng.choice([0, 0, 1]),
                            (("3", verified // 2), ("2", verified - verified // 2), ("1", 0))),
        conduct=ConductTally(answered, rng.randint(answered * 9 // 10, answered)),
        confirmed_reports=rng.choice([0, 0, 0, 1, 2]), dossiers=dossiers, breaches=breaches,
        discipline=rng.random() < 0.08, discipline_note=rng.choice(["", "Khiển trách"]),
        leader_score=rng.choice([None, 6.0, 8.5, 9.0, 10.0, 10.0, 12.0]))


def month(rng: random.Random) -> MonthInputs:
    people = tuple(officer(rng, i) for i in range(1, rng.randint(2, 13)))
    sites = tuple(SiteMonth(site_id, f"Điểm {site_id}", rng.choice([None, 0.9, 0.875]),
                            rng.choice([None, 0.95]))
                  for site_id in (1, 2) if rng.random() < 0.4)
    return MonthInputs("2026-10", people, sites)


def main() -> None:
    rng = random.Random(335)
    cases = []
    for index in range(20):
        document = variants()[index % 5]
        inputs = month(rng)
        result = evaluate_month(parse_rubric(document), inputs)
        cases.append({"rubric": document, "inputs": inputs_to_dict(inputs),
                      "result": result_to_dict(result)})
    target = Path(__file__).with_name("legacy_months.json")
    target.write_text(json.dumps(cases, ensure_ascii=False, separators=(",", ":")) + "\n",
                      encoding="utf-8")


if __name__ == "__main__":
    main()
