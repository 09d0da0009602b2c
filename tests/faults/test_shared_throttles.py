"""The security throttles hold in a real deployment: gunicorn with 4 workers and a second
app host (another gunicorn) on the same database. Simultaneous attempts spread over every
worker of both hosts get exactly the checks the limits allow, on the embedded SQLite file
as on PostgreSQL. The access log of the same run shows no survey token."""

import http.client
import re
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from models import AuditEntry
from models.ops.visits import open_visit, token_key_from_secret
from tests.faults.conftest import midday_zone
from tests.faults.gunicorn_server import Gunicorn

pytestmark = pytest.mark.slow

SECRET = "shared-throttle-secret-0123456789abcdefghij"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def hosts(database_url, tmp_path):
    """Two app hosts on one database: 4 workers and 2 workers (started by the test)."""
    env = {"DATABASE_URL": database_url, "SECRET_KEY": SECRET,
           "HAILONG_INSTANCE_PATH": str(tmp_path / "instance"),
           "HAILONG_TIMEZONE": midday_zone(), "HAILONG_TWO_FACTOR_ROLES": "",
           # the username's limit of 5 a minute alone (the delay has its own tests)
           "HAILONG_LOGIN_FREE_FAILURES": "100"}
    first = Gunicorn(env, tmp_path / "first.log", workers=4,
                     extra_args=("--access-logfile", str(tmp_path / "access.log")))
    second = Gunicorn(env, tmp_path / "second.log", workers=2)
    yield first, second
    first.stop()
    second.stop()


def request(server, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie"), response.read()
    finally:
        connection.close()


def burst(senders) -> Counter:
    """Run every sender (a function returning a status) at the same moment; count statuses."""
    barrier, statuses = threading.Barrier(len(senders)), []

    def run(send):
        barrier.wait()
        statuses.append(send())

    threads = [threading.Thread(target=run, args=(send,)) for send in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


def test_limits_hold_across_four_workers_and_two_hosts(hosts, db, make_user, make_officer,
                                                       questionnaire, tmp_path):
    first, second = hosts
    leader = make_user("leader")
    officer = make_officer()
    db.commit()
    first.start()
    second.start()
    servers = [first, second]

    pair = burst([lambda n=n: request(
        servers[n % 2], "POST", "/api/v1/kiosk/pair", body=f'{{"code": "{n:06d}"}}',
        headers={"Content-Type": "application/json"})[0] for n in range(60)])
    assert pair == {400: 10, 429: 50}  # 10 codes checked a minute per address, not 40

    lookup = burst([lambda n=n: request(
        servers[n % 2], "POST", "/s/", body=f"code=HS-{n}",
        headers={"Content-Type": "application/x-www-form-urlencoded"})[0] for n in range(60)])
    assert lookup[429] == 50 and sum(lookup.values()) == 60  # 10 look-ups checked

    forms = []
    for n in range(20):
        _status, cookie, page = request(servers[n % 2], "GET", "/admin/login")
        forms.append((servers[n % 2], cookie.split(";")[0], CSRF.search(page.decode())[1]))
    login = burst([lambda form=form: request(
        form[0], "POST", "/admin/login",
        body=f"csrf_token={form[2]}&username={leader.username}&password=wrong",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": form[1]})[0]
        for form in forms])
    assert login == {200: 5, 429: 15}  # 5 passwords checked, not 8 to 10
    db.rollback()
    checked = db.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "login.failure"))
    assert checked == 5

    opened = open_visit(db, officer.counters[0].id, officer.id, opened_via="api",
                        now=datetime.now(UTC), token_key=token_key_from_secret(SECRET))
    db.commit()
    assert request(first, "GET", f"/s/{opened.token}")[0] == 200
    first.stop()  # flushes the access log
    log = (tmp_path / "access.log").read_text()
    assert "GET /s/… HTTP/1.1" in log and opened.token not in log
