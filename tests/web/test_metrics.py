"""/metrics: Prometheus text behind a bearer token, with figures from the database."""

from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from models import Tablet

TOKEN = "metrics-token-for-tests"
AUTHORISED = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "METRICS_TOKEN": TOKEN}


def scrape(client):
    response = client.get("/metrics", headers=AUTHORISED)
    assert response.status_code == 200, response.data
    return {sample.name: sample for family in
            text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def test_metrics_are_hidden_when_no_token_is_set(app, client):
    app.config["METRICS_TOKEN"] = ""
    assert client.get("/metrics").status_code == 404


def test_a_wrong_or_missing_token_is_refused(client):
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"


def test_ratings_alerts_and_outbox_lag_come_from_the_database(client, db, make_officer,
                                                              make_rating):
    officer = make_officer()
    make_rating(officer, level=2)
    make_rating(make_officer(), level=3)
    db.add(Tablet(name="t", counter_id=officer.counters[0].id, secret_hash="h" * 64,
                  outbox_length=7, oldest_unsent_at=datetime.now(UTC) - timedelta(minutes=3),
                  last_heartbeat_at=datetime.now(UTC) - timedelta(hours=1)))
    db.commit()
    samples = scrape(client)
    assert samples["hailong_ratings_stored"].value == 2
    assert samples["hailong_tablet_outbox_ratings"].value == 7
    assert 170 < samples["hailong_tablet_outbox_lag_seconds"].value < 600
    assert samples["hailong_tablets_silent"].value == 1
    assert samples["hailong_alerts_open"].value >= 0


def test_request_latency_is_counted_by_area(client):
    client.get("/healthz")
    client.get("/kiosk/")
    assert "hailong_http_request_duration_seconds_count" in scrape(client)
    families = text_string_to_metric_families(
        client.get("/metrics", headers=AUTHORISED).get_data(as_text=True))
    areas = {s.labels.get("area") for f in families for s in f.samples
             if s.name == "hailong_http_request_duration_seconds_count"}
    assert {"health", "kiosk"} <= areas
