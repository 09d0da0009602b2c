"""Production topology: nginx (TLS, HTTP/2) in front of two app hosts on PostgreSQL and Redis.

The shipped deploy/nginx/hailong.conf and deploy/gunicorn.conf.py run as they are, with only
addresses, ports and certificate paths changed. What is shown: HTTPS with Secure cookies and
HSTS, compression and caching, nginx's own body limit, a rate limit that holds across the two
hosts, client addresses from the proxy in the audit log, /metrics kept off the public side,
and the real tablet page in Chromium over HTTPS keeping a rating made offline.
"""

import gzip
import http.client
import os
import re
import secrets
import ssl
import time
import uuid
from datetime import UTC, datetime
from datetime import time as clock

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from migrations import runner as migrate
from models import AuditEntry, Counter, Department, Officer, Rating, Site
from models.defaults import install_default_questionnaire
from models.engine import make_engine
from models.queries.questionnaires import load_active_questionnaire
from tests.browser.support import CHROMIUM_ARGS, chromium_path, wait_until_controlled
from tests.deploy.topology import AppHost, Certificates, Nginx, key_prefix
from tests.kiosk.tablet_support import pair_tablet, signed_in

pytestmark = pytest.mark.slow

METRICS_TOKEN = "topology-metrics-token"
PAIR_LIMIT = 10


class Topology:
    """What the tests reach: the proxy, the hosts, the database and the tablet's secret."""

    def __init__(self, nginx, hosts, engine, certificates, tablet_secret, officer_id,
                 questionnaire_version_id, counter_id):
        self.nginx, self.hosts, self.engine = nginx, hosts, engine
        self.certificates, self.tablet_secret = certificates, tablet_secret
        self.officer_id, self.counter_id = officer_id, counter_id
        self.questionnaire_version_id = questionnaire_version_id

    def request(self, method, path, body=None, headers=None, source="127.0.0.1", port=None,
                https=True):
        """Send one request from ``source`` (a loopback address) and return the response."""
        context = ssl.create_default_context(cafile=str(self.certificates.ca))
        port = port or (self.nginx.https_port if https else self.nginx.http_port)
        connection = (http.client.HTTPSConnection("localhost", port, context=context,
                                                  source_address=(source, 0), timeout=30)
                      if https else
                      http.client.HTTPConnection("127.0.0.1", port, source_address=(source, 0),
                                                 timeout=30))
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.data = response.read()
        connection.close()
        return response


def _admin_url(url: str) -> str:
    return make_url(url).set(database="postgres").render_as_string(hide_password=False)


def _seed(engine):
    with Session(engine, expire_on_commit=False) as db:
        install_default_questionnaire(db)
        site = Site(code="TT", name="Trung tâm Phục vụ hành chính công", cooldown_seconds=0,
                    opens_at=clock(0, 0), closes_at=clock(23, 59, 59))
        department = Department(code="STP", name="Sở Tư pháp")
        db.add_all([site, department])
        db.flush()
        counter = Counter(code="TT-01", site_id=site.id, number=1, department_id=department.id)
        db.add(counter)
        db.flush()
        officer = Officer(code="CB0001", full_name="Trần Thị Mai", site_id=site.id,
                          department_id=department.id, pin_hash="x")
        officer.counters = [counter]
        db.add(officer)
        db.flush()
        tablet_id, secret = pair_tablet(db, counter)
        signed_in(db, officer, tablet_id, datetime.now(UTC))
        version = load_active_questionnaire(db).version_id
        db.commit()
        return secret, officer.id, version, counter.id


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    folder = tmp_path_factory.mktemp("topology")
    base = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"hailong_topology_{os.getpid()}"
    admin = make_engine(_admin_url(base.replace("postgresql://", "postgresql+psycopg://")),
                        isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url.replace("postgresql://", "postgresql+psycopg://"))
    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    secret, officer_id, version_id, counter_id = _seed(engine)
    certificates = Certificates(folder).make()
    env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32),
           "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
           "HAILONG_RATELIMIT_KEY_PREFIX": key_prefix(), "HAILONG_TRUSTED_PROXIES": "1",
           "HAILONG_FORWARDED_ALLOW_IPS": "127.0.0.1", "HAILONG_METRICS_TOKEN": METRICS_TOKEN,
           "HAILONG_KIOSK_PAIR_RATE_LIMIT": f"{PAIR_LIMIT} per minute"}
    hosts = [AppHost("host1", folder, env), AppHost("host2", folder, env)]
    nginx = Nginx(folder, hosts, certificates)
    try:
        for host in hosts:
            host.start()
        nginx.start()
        yield Topology(nginx, hosts, engine, certificates, secret, officer_id, version_id,
                       counter_id)
    finally:
        nginx.stop()
        for host in hosts:
            host.stop()
        engine.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_plain_http_is_sent_to_https(topology):
    response = topology.request("GET", "/kiosk/", https=False)
    assert response.status == 301
    # The shipped site redirects to the standard HTTPS port of the host name asked for.
    assert response.getheader("Location") == "https://127.0.0.1/kiosk/"


def test_the_console_over_https_sets_secure_cookies_and_hsts(topology):
    response = topology.request("GET", "/admin/login")
    assert response.status == 200
    assert "max-age=" in response.getheader("Strict-Transport-Security")
    cookies = response.msg.get_all("Set-Cookie")
    assert cookies and all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies)


def test_text_is_compressed_and_versioned_files_are_kept_a_year(topology):
    page = topology.request("GET", "/kiosk/", headers={"Accept-Encoding": "gzip"})
    assert page.status == 200 and page.getheader("Content-Encoding") == "gzip"
    html = gzip.decompress(page.data).decode()
    script = re.search(r'src="(/kiosk/static/tablet/[a-z]+\.js\?v=[^"]+)"', html).group(1)
    asset = topology.request("GET", script, headers={"Accept-Encoding": "gzip"})
    assert asset.getheader("Content-Encoding") == "gzip"
    assert asset.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    css = topology.request("GET", "/admin/static/css/console.css")
    assert css.status == 200 and css.getheader("Cache-Control") == "public, max-age=3600"


def test_nginx_refuses_an_oversized_body_before_any_app_host(topology):
    response = topology.request("POST", "/api/v1/visits", body=b"x" * (9 * 1024 * 1024),
                                headers={"Content-Type": "application/json"})
    assert response.status == 413 and response.getheader("Server") == "nginx"
    assert not any(line == "POST /api/v1/visits" for host in topology.hosts
                   for line in host.requests_served())


def test_the_pairing_limit_holds_across_both_hosts(topology):
    statuses = [topology.request("POST", "/api/v1/kiosk/pair", source="127.0.0.9",
                                 body=b'{"code": "000000", "name": "x"}',
                                 headers={"Content-Type": "application/json"}).status
                for _ in range(3 * PAIR_LIMIT)]
    checked = [status for status in statuses if status != 429]
    assert len(checked) == PAIR_LIMIT, statuses
    assert all("POST /api/v1/kiosk/pair" in host.requests_served() for host in topology.hosts)


def test_the_audit_log_takes_the_client_address_from_the_proxy(topology):
    form = topology.request("GET", "/admin/login", source="127.0.0.7")
    cookie = "; ".join(c.split(";", 1)[0] for c in form.msg.get_all("Set-Cookie"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      form.data.decode()).group(1)
    username = f"nobody-{uuid.uuid4().hex[:8]}"
    answer = topology.request(
        "POST", "/admin/login", source="127.0.0.7",
        body=f"csrf_token={token}&username={username}&password=wrong-password".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                 "X-Forwarded-For": "203.0.113.5", "Referer": topology.nginx.url + "/admin/login"})
    assert answer.status == 200
    with Session(topology.engine) as db:
        entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "login.failure",
                                                   AuditEntry.note.contains(username)))
    assert entry is not None and entry.ip == "127.0.0.7"


def test_no_log_holds_a_survey_token(topology):
    token = secrets.token_urlsafe(12)
    before = topology.nginx.access_log.read_text().count('"GET /s/[token] HTTP/1.1"')
    assert topology.request("GET", f"/s/{token}").status in (404, 410)
    # nginx writes the access line after the answer is sent: wait for it, then read the logs.
    deadline = time.monotonic() + 30
    while (topology.nginx.access_log.read_text().count('"GET /s/[token] HTTP/1.1"') == before
           and time.monotonic() < deadline):
        time.sleep(0.05)
    logs = [topology.nginx.access_log.read_text(), *(h.log.read_text() for h in topology.hosts)]
    assert logs[0].count('"GET /s/[token] HTTP/1.1"') == before + 1
    assert all(token not in log for log in logs)


def test_metrics_are_kept_off_the_public_side_and_read_on_each_host(topology):
    outside = topology.request("GET", "/metrics",
                               headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert outside.status == 404
    host = topology.hosts[0]
    connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=30)
    connection.request("GET", "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    response = connection.getresponse()
    text = response.read().decode()
    assert response.status == 200
    assert 'hailong_http_request_duration_seconds_count{area="kiosk"' in text


def test_the_tablet_over_https_keeps_a_rating_made_offline_and_sends_it_once(topology,
                                                                             playwright_driver):
    browser = playwright_driver.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS,
        env={**os.environ, "HOME": str(topology.certificates.home)})
    try:
        context = browser.new_context(locale="vi-VN")
        page = context.new_page()
        page.goto(f"{topology.nginx.url}/kiosk/")
        page.evaluate("key => localStorage.setItem('hailong.tablet.key', key)",
                      topology.tablet_secret)
        page.reload()
        wait_until_controlled(page)
        rating_id = str(uuid.uuid4())
        context.set_offline(True)
        page.evaluate("""r => HailongOutbox.put(r, true)""", {
            "id": rating_id, "questionnaire_version_id": topology.questionnaire_version_id,
            "officer_id": topology.officer_id, "counter_id": topology.counter_id,
            "visit_id": None, "level": 3, "answers": {}, "reported": [], "reasons": [],
            "reason_text": None, "comment": None,
            "rated_at": datetime.now(UTC).isoformat().replace("+00:00", "Z")})
        page.reload()  # offline: the service worker serves the page from its cache
        assert page.evaluate("HailongOutbox.readAll()")["outbox"][0]["id"] == rating_id
        context.set_offline(False)
        deadline = time.monotonic() + 60
        while _stored(topology, rating_id) == 0 and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        page.reload()
        page.wait_for_timeout(1000)
        assert _stored(topology, rating_id) == 1
        assert page.evaluate("HailongOutbox.readAll()")["outbox"] == []
        context.close()
    finally:
        browser.close()


def _stored(topology, rating_id) -> int:
    with Session(topology.engine) as db:
        return len(db.scalars(select(Rating.id).where(Rating.id == uuid.UUID(rating_id))).all())
