"""Closed months scored under the first rubric format reproduce exactly after the NĐ 335
migration (20261207_777bb247d067), on SQLite and PostgreSQL."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, Date, DateTime, Integer, String, column, insert, table, text
from sqlalchemy.orm import Session

from evaluation.engine import evaluate_month, result_from_dict, result_to_dict
from evaluation.rubric import parse_rubric
from evaluation.serialization import inputs_from_dict, inputs_to_dict
from migrations import runner as migrate
from models.engine import make_engine
from models.queries.month import SNAPSHOT_FORMAT, compute_month
from tests.conftest import postgres_url, truncate_all
from tests.evaluation.test_properties import months as any_month

BEFORE_NDD335 = "44dc5492314e"
CASES = json.loads((Path(__file__).parents[1] / "evaluation" / "data" / "legacy_months.json")
                   .read_text(encoding="utf-8"))


def _snapshot(case: dict, period: str, rubric_id: int) -> dict:
    inputs, result = copy.deepcopy(case["inputs"]), copy.deepcopy(case["result"])
    inputs["period"] = result["period"] = period
    return {"format": SNAPSHOT_FORMAT, "period": period, "zone": "Asia/Ho_Chi_Minh",
            "computed_at": "2026-11-02T03:00:00+00:00",
            "rubric": {"id": rubric_id, "document": case["rubric"]},
            "inputs": inputs, "result": result, "exclusions": [], "contested": []}


#: The two tables as they were at the revision before NĐ 335.
RUBRICS = table("rubric_versions", column("id", Integer), column("name", String),
                column("version", Integer), column("effective_from", Date),
                column("document", JSON), column("status", String),
                column("created_at", DateTime(timezone=True)))
MONTHS = table("evaluation_months", column("period", String), column("status", String),
               column("rubric_version_id", Integer), column("closed_at", DateTime(timezone=True)),
               column("snapshot", JSON))
CLOSED_AT = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


def _close_at_the_old_revision(url: str, cases: list[dict]) -> dict[str, dict]:
    """Downgrade to the revision before NĐ 335 and store each case as a closed month."""
    migrate.downgrade(url, BEFORE_NDD335)
    engine = make_engine(url)
    stored = {}
    with engine.begin() as connection:
        for index, case in enumerate(cases):
            period = f"{2024 + index // 12}-{index % 12 + 1:02d}"
            rubric_id = connection.execute(insert(RUBRICS).values(
                name=case["rubric"]["name"], version=index + 1,
                effective_from=datetime(2024, 1, 1).date(), document=case["rubric"],
                status="active", created_at=CLOSED_AT).returning(RUBRICS.c.id)).scalar_one()
            snapshot = _snapshot(case, period, rubric_id)
            connection.execute(insert(MONTHS).values(
                period=period, status="closed", rubric_version_id=rubric_id,
                closed_at=CLOSED_AT, snapshot=snapshot))
            stored[period] = snapshot
    engine.dispose()
    migrate.upgrade(url)
    return stored


def _check(url: str, stored: dict[str, dict]) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        for period, snapshot in stored.items():
            report = compute_month(session, period, zone="UTC")
            assert report.frozen and report.result == result_from_dict(snapshot["result"])
            assert report.inputs == inputs_from_dict(snapshot["inputs"])
            rubric = parse_rubric(report.rubric.document)
            assert evaluate_month(rubric, report.inputs) == report.result
    engine.dispose()


def test_months_the_old_engine_closed_reproduce_exactly_after_the_migration(database_url):
    _check(database_url, _close_at_the_old_revision(database_url, CASES))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(any_month(), min_size=1, max_size=3))
def test_any_month_closed_under_the_first_format_reproduces_after_the_migration(
        database_url, months):
    from evaluation.rubric import load_local_plan_rubric, rubric_to_dict

    document = rubric_to_dict(load_local_plan_rubric())
    cases = [{"rubric": document, "inputs": inputs_to_dict(month),
              "result": result_to_dict(evaluate_month(load_local_plan_rubric(), month))}
             for month in months]
    try:
        _check(database_url, _close_at_the_old_revision(database_url, cases))
    finally:
        _reset(database_url)


def _reset(url: str) -> None:
    """Empty the database between examples (the fixture only resets between tests)."""
    if postgres_url():
        truncate_all(url)
        return
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM evaluation_months"))
        connection.execute(text("DELETE FROM rubric_versions"))
    engine.dispose()
