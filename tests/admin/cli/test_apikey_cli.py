"""`hailong apikey create / list / revoke`."""

from sqlalchemy import select

from models import ApiKey, AuditEntry


def _created_key(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_a_created_key_is_shown_once_stored_hashed_and_opens_visits(runner, client, db,
                                                                    make_officer):
    officer = make_officer()
    site = officer.counters[0].site
    db.commit()
    result = runner.invoke(args=["apikey", "create", "--site", site.code, "--name", "Kiosk QMS"])
    assert result.exit_code == 0, result.output
    key = _created_key(result.output)
    record = db.scalar(select(ApiKey))
    assert key.startswith("hl_") and key not in record.key_hash and record.name == "Kiosk QMS"
    response = client.post("/api/v1/visits", headers={"Authorization": f"Bearer {key}"},
                           json={"counter": officer.counters[0].code, "officer": officer.code,
                                 "ticket_number": "1"})
    assert response.status_code == 201
    assert db.scalar(select(AuditEntry.action)) == "apikey.create"


def test_keys_are_listed_and_revoked(runner, client, db, make_site):
    site = make_site()
    db.commit()
    key = _created_key(runner.invoke(args=["apikey", "create", "--site", site.code]).output)
    key_id = db.scalar(select(ApiKey.id))
    listing = runner.invoke(args=["apikey", "list", "--site", site.code]).output
    assert f"{key_id}\t{site.code}\tsite\t{key[:10]}…\tactive" in listing
    assert runner.invoke(args=["apikey", "revoke", str(key_id)]).output.strip() == (
        f"Revoked key {key_id}.")
    assert "revoked" in runner.invoke(args=["apikey", "list"]).output
    assert "already revoked" in runner.invoke(args=["apikey", "revoke", str(key_id)]).output
    response = client.get("/api/v1/visits/1", headers={"Authorization": f"Bearer {key}"})
    assert response.get_json()["error"]["code"] == "invalid_api_key"


def test_unknown_sites_and_keys_are_one_line_errors(runner):
    result = runner.invoke(args=["apikey", "create", "--site", "NOPE"])
    assert result.exit_code == 1 and "No site has the code 'NOPE'." in result.output
    result = runner.invoke(args=["apikey", "revoke", "404"])
    assert result.exit_code == 1 and "No key has the id 404." in result.output


def test_an_evaluations_key_for_every_site_is_created_and_listed(runner, db):
    result = runner.invoke(args=["apikey", "create", "--scope", "evaluations"])
    assert result.exit_code == 0, result.output
    assert "Created evaluations key" in result.output and "every site" in result.output
    record = db.scalar(select(ApiKey))
    assert (record.scope, record.site_id) == ("evaluations", None)
    assert f"{record.id}\t*\tevaluations\t" in runner.invoke(args=["apikey", "list"]).output


def test_a_site_key_needs_its_site(runner):
    result = runner.invoke(args=["apikey", "create"])
    assert result.exit_code == 2 and "a site key needs --site" in result.output
