"""GET /api/v1/evaluations: an evaluations key reads a period's results; a queue key cannot."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from models import DossierStat, TaskAssignment
from models.ops.apikeys import create_api_key
from models.ops.assessment import Entry, open_assessment
from models.ops.assessment_steps import approve_without_self
from tests.monthdata import local, rate, with_decree_rubric

AFTER = datetime(2099, 1, 2, tzinfo=UTC)


@pytest.fixture
def november(db, questionnaire, make_officer, make_site, make_counter, make_user):
    """Two sites' officers evaluated in November 2026 under NĐ 335, one approved."""
    here, there = make_site(name="Trung tâm tỉnh"), make_site(name="Xã Tân Yên")
    hoa = make_officer(counter=make_counter(site=here), full_name="Nguyễn Thị Hoa")
    lan = make_officer(counter=make_counter(site=there), full_name="Trần Thị Lan")
    with_decree_rubric(db)
    for officer in (hoa, lan):
        rate(db, questionnaire, officer, local(2026, 11, 5), 3)
        db.add(DossierStat(officer_id=officer.id, period="2026-11", received=40,
                           resolved_early=30, resolved_on_time=8, resolved_late=2,
                           digitised=40))
        db.add(TaskAssignment(officer_id=officer.id, period="2026-11", assigned=40))
    open_assessment(db, "2026-11", deadline=datetime(2026, 12, 1, tzinfo=UTC), user_id=None,
                    now=datetime(2026, 11, 20, tzinfo=UTC))
    approve_without_self(db, hoa.id, "2026-11", {"A1": Entry(9, "Đúng"), "A2": Entry(13),
                                                  "A3": Entry(4)},
                         user=make_user("leader"), now=AFTER)
    db.commit()
    return {"hoa": hoa, "lan": lan, "here": here, "there": there}


def key_headers(db, site=None, scope="evaluations") -> dict:
    issued = create_api_key(db, site, "Phần mềm đánh giá", scope=scope)
    db.commit()
    return {"Authorization": f"Bearer {issued.key}"}


def test_an_evaluations_key_reads_every_officer_of_the_month_with_each_reviewer_s_score(
        client, db, november):
    response = client.get("/api/v1/evaluations?period=2026-11", headers=key_headers(db))
    body = response.get_json()
    assert response.status_code == 200, body
    assert (body["format"], body["period"], body["kind"]) == (
        "hailong.evaluations/1", "2026-11", "month")
    officers = {o["full_name"]: o for o in body["officers"]}
    hoa = officers["Nguyễn Thị Hoa"]
    a1 = next(c for c in hoa["criteria"] if c["code"] == "A1")
    assert a1["people"]["final_score"] == 9 and a1["points"] == 9
    b1 = next(c for c in hoa["criteria"] if c["code"] == "B1")
    assert [s["code"] for s in b1["sub_rates"]] == ["quantity", "quality", "progress"]
    progress = b1["sub_rates"][2]
    assert (progress["numerator"], progress["denominator"], progress["events"]) == (40, 40, 2)
    assert hoa["sheet_status"] == "not_submitted"
    assert officers["Trần Thị Lan"]["sheet_status"] is None
    assert body["rubric"]["format"] == "hailong.rubric/2"


def test_a_key_of_one_site_reads_only_that_site_s_officers(client, db, november):
    body = client.get("/api/v1/evaluations?period=2026-11",
                      headers=key_headers(db, november["there"])).get_json()
    assert [o["full_name"] for o in body["officers"]] == ["Trần Thị Lan"]


def test_a_queue_system_s_key_cannot_read_evaluations(client, db, november):
    response = client.get("/api/v1/evaluations?period=2026-11",
                          headers=key_headers(db, november["here"], scope="site"))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "wrong_key_scope"


def test_an_evaluations_key_cannot_open_visits(client, db, november):
    counter = november["hoa"].counters[0]
    response = client.post("/api/v1/visits", json={"counter": counter.code, "ticket_number": "1"},
                           headers=key_headers(db, november["here"]))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "wrong_key_scope"


@pytest.mark.parametrize("period, status, code", [
    ("", 400, "invalid_period"), ("2026-13", 400, "invalid_period"),
    ("2026-Q5", 400, "invalid_period"), ("11/2026", 400, "invalid_period"),
    ("2025-06", 409, "no_rubric_in_force"), ("2026-Q4", 409, "wrong_period_kind"),
])
def test_a_bad_period_is_a_clear_error(client, db, november, period, status, code):
    response = client.get(f"/api/v1/evaluations?period={period}", headers=key_headers(db))
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_the_year_lists_closed_periods_only(client, db, november):
    body = client.get("/api/v1/evaluations?period=2026", headers=key_headers(db)).get_json()
    assert body["kind"] == "year" and body["officers"] == [] and body["closed_periods"] == []


def test_the_endpoint_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/evaluations"]["get"]
    assert operation["security"] == [{"evaluationsKey": []}]
    fields = document["components"]["schemas"]["EvaluationOfficer"]["properties"]
    assert {"grade", "overrides", "quota", "criteria", "sheet_status"} <= set(fields)


def test_the_console_exports_the_same_figures_as_csv_and_xlsx(client, login, db, november):
    login("hr")
    response = client.get("/admin/reports/evaluations.csv?period=2026-11")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    hoa = next(r for r in rows if r["full_name"] == "Nguyễn Thị Hoa")
    assert (hoa["A1_final_score"], hoa["B1_progress_events"], hoa["sheet_status"]) == (
        "9.0", "2", "not_submitted")
    book = load_workbook(io.BytesIO(client.get(
        "/admin/reports/evaluations.xlsx?period=2026-11").data), read_only=True)
    header = next(book["Kết quả"].iter_rows(values_only=True))
    assert "A1 lãnh đạo phê duyệt" in header and "Xếp loại" in header
    assert client.get("/admin/reports/evaluations.csv?period=nope").status_code == 400


def test_the_cli_writes_the_api_s_document_and_the_files(runner, db, november, tmp_path):
    import json

    out = tmp_path / "danh-gia.json"
    result = runner.invoke(args=["report", "evaluations", "--period", "2026-11", "--out",
                                 str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["officers"]) == 2 and document["period"] == "2026-11"
    bad = runner.invoke(args=["report", "evaluations", "--period", "2026-11", "--out",
                              str(tmp_path / "x.pdf")])
    assert bad.exit_code == 1 and ".csv, .xlsx or .json" in bad.output


def test_the_docs_name_every_field_of_the_export():
    from pathlib import Path

    from models.queries.evaluation_export import HUMAN_PARTS, OFFICER_FIELDS, RATE_PARTS

    text = (Path(__file__).parents[2] / "docs" / "api-evaluations.md").read_text("utf-8")
    keys = [f.key for f in OFFICER_FIELDS] + [k for k, _, _ in HUMAN_PARTS + RATE_PARTS]
    assert [key for key in keys if key not in text] == []
