"""/healthz and the refusal to serve on a schema behind head."""

from migrations import runner as migrate


def test_healthz_answers_200_with_version_and_head(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["migration_head"] == body["database_revision"] == migrate.head_revision()
    assert body["version"]


def test_healthz_answers_503_when_the_schema_is_behind(app, client, database_url):
    migrate.downgrade(database_url, "base")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "behind"
    assert "hailong db upgrade" in response.get_json()["action"]
    migrate.upgrade(database_url)


def test_every_other_route_refuses_service_while_behind(app, client, database_url):
    migrate.downgrade(database_url, "base")
    api = client.get("/api/v1/openapi.json")
    page = client.get("/admin/login")
    migrate.upgrade(database_url)
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "schema_outdated"
    assert page.status_code == 503 and "bảo trì" in page.get_data(as_text=True)


def test_healthz_answers_503_when_the_database_is_unreachable(build_app):
    app = build_app({"TESTING": True, "CHECK_DATABASE_ON_START": False,
                      "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unreachable"


def test_a_database_that_does_not_answer_is_unavailable_not_an_old_schema(build_app):
    app = build_app({"TESTING": True, "CHECK_DATABASE_ON_START": False,
                      "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"})
    client = app.test_client()
    api = client.get("/api/v1/kiosk/state", headers={"X-Tablet-Key": "k" * 43})
    page = client.get("/admin/login")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "database_unavailable"
    assert page.status_code == 503 and "Tạm thời gián đoạn" in page.get_data(as_text=True)


def test_the_tablet_page_and_its_service_worker_load_without_a_database(build_app):
    app = build_app({"TESTING": True, "CHECK_DATABASE_ON_START": False,
                      "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"})
    client = app.test_client()
    assert client.get("/kiosk/").status_code == 200
    assert client.get("/kiosk/sw.js").status_code == 200
