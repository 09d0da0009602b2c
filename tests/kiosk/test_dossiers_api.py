"""POST /api/v1/dossiers: a site's key upserts its own dossiers, idempotent by code, all or
nothing, the same checks as an imported file; described in the OpenAPI document."""

import json

import pytest
from sqlalchemy import func, select

from models import Dossier, DossierChange
from tests.visits_support import bearer


def dossier(code, **fields):
    return {"code": code, "officer_code": "CB0001", "received_on": "2026-10-01",
            "due_on": "2026-10-08", **fields}


@pytest.fixture
def key(db, register_site):
    headers = bearer(db, register_site.site)
    db.commit()
    return headers


def push(client, headers, items, **kwargs):
    return client.post("/api/v1/dossiers", json={"dossiers": items}, headers=headers, **kwargs)


def test_a_batch_is_upserted_and_sending_it_again_changes_nothing(client, db, key):
    items = [dossier("API-1", resolved_on="2026-10-07", applicant_phone="0912345678"),
             dossier("API-2", channel="trực tuyến", digitised=True)]
    first = push(client, key, items)
    assert first.status_code == 200
    assert {k: first.json[k] for k in ("received", "created", "updated", "unchanged")} == {
        "received": 2, "created": 2, "updated": 0, "unchanged": 0}
    changes = db.scalar(select(func.count(DossierChange.id)))
    again = push(client, key, items)
    assert (again.json["created"], again.json["unchanged"]) == (0, 2)
    assert db.scalar(select(func.count(DossierChange.id))) == changes
    assert db.scalar(select(Dossier.channel).where(Dossier.code == "API-2")) == "online"


def test_problems_are_listed_by_item_and_nothing_is_stored(client, db, key):
    response = push(client, key, [dossier("OK"), dossier("BAD", resolved_on="2026-09-01"),
                                  dossier("WHO", officer_code="CB9999")])
    body = response.json["error"]
    assert response.status_code == 422 and body["code"] == "invalid_dossiers"
    assert [(p["index"], p["field"], p["code"]) for p in body["problems"]] == [
        (2, "resolved_on", "result_before_receipt"), (3, "officer_code", "unknown_officer")]
    assert body["total"] == 2 and "before the day of receipt" in body["problems"][0]["message"]
    assert db.scalar(select(func.count(Dossier.id))) == 0


def test_a_key_acts_only_on_its_own_sites_dossiers(client, db, key, make_site):
    assert push(client, key, [dossier("SHARED")]).status_code == 200
    other_site = make_site()
    other = bearer(db, other_site)
    db.commit()
    response = push(client, other, [{**dossier("SHARED"), "officer_code": None}])
    assert response.status_code == 422
    assert response.json["error"]["problems"][0]["code"] == "code_of_other_site"
    assert push(client, other, [dossier("MINE")]).json["error"]["problems"][0]["code"] == \
        "officer_elsewhere"


@pytest.mark.parametrize("body, status, code", [
    ({"dossiers": []}, 400, "invalid_body"),
    ({"items": [dossier("A")]}, 400, "invalid_body"),
    ({"dossiers": [dossier("A")], "extra": 1}, 400, "unknown_field"),
    ({"dossiers": [dict(dossier("A"), applicant_name="Phạm Văn An")]}, 400, "unknown_field"),
    ({"dossiers": [dict(dossier("A"), due_on={"d": 1})]}, 400, "invalid_field"),
    ({"dossiers": ["A"]}, 400, "invalid_field"),
    ({"dossiers": [dossier(f"A{n}") for n in range(501)]}, 400, "too_many_items"),
])
def test_malformed_batches_are_refused_with_a_code(client, key, body, status, code):
    response = client.post("/api/v1/dossiers", json=body, headers=key)
    assert (response.status_code, response.json["error"]["code"]) == (status, code)


def test_a_body_that_is_not_json_or_too_large_is_refused(client, key):
    assert client.post("/api/v1/dossiers", data="dossiers", headers=key).status_code == 400
    big = json.dumps({"dossiers": [dossier("A", procedure="x" * 400)] * 3000})
    response = client.post("/api/v1/dossiers", data=big, headers=key,
                           content_type="application/json")
    assert (response.status_code, response.json["error"]["code"]) == (
        413, "payload_too_large")


def test_no_key_no_entry(client, register_site):
    response = client.post("/api/v1/dossiers", json={"dossiers": [dossier("A")]})
    assert response.status_code == 401


def test_the_openapi_document_describes_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/dossiers"]["post"]
    assert set(operation["responses"]) == {"200", "400", "401", "413", "415", "422", "503"}
    schema = document["components"]["schemas"]["RegisterDossier"]
    assert schema["required"] == ["code", "received_on", "due_on"]
    assert "applicant_name" not in schema["properties"]
