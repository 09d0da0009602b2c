"""Bodies are read whole and bounded before anything takes a lock: a chunked body cannot
slip past a limit, a client sending its body a byte at a time holds no lock, and uploads
that deadlock on PostgreSQL are run again inside the request."""

import http.client
import json
import random
import socket
import threading
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models import Officer, Visit
from tests.browser.support import LiveServer
from tests.faults.conftest import SQLITE_BUSY_TIMEOUT_MS, midday_zone, ratings_by_id
from tests.visits_support import bearer, open_test_visit

pytestmark = pytest.mark.slow


@pytest.fixture
def app_config(app_config):
    """A busy timeout short enough that a held lock would show as a 503 at once."""
    return {**app_config, "SQLITE_BUSY_TIMEOUT_MS": SQLITE_BUSY_TIMEOUT_MS,
            "TIMEZONE": midday_zone()}


def host_port(server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def post_chunked(server, path: str, headers: dict, body: bytes, chunk: int = 512):
    """POST body with Transfer-Encoding: chunked (no Content-Length); return (status, json)."""
    connection = http.client.HTTPConnection(*host_port(server), timeout=10)
    connection.putrequest("POST", path)
    for name, value in {**headers, "Transfer-Encoding": "chunked"}.items():
        connection.putheader(name, value)
    connection.endheaders()
    try:
        for start in range(0, len(body), chunk):
            piece = body[start:start + chunk]
            connection.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server stopped reading at its limit: its answer is waiting
    response = connection.getresponse()
    status, data = response.status, response.read()
    connection.close()
    return status, json.loads(data) if data else None


def test_a_chunked_body_over_the_limit_is_refused_and_opens_no_visit(app, db, make_officer):
    officer = make_officer()
    headers = {**bearer(db, officer.counters[0].site), "Content-Type": "application/json"}
    code = officer.counters[0].code
    db.commit()
    oversized = json.dumps({"counter": code, "ticket_number": "A-1",
                            "dossier_code": "H" * 60, "padding": "x" * 5000}).encode()
    fitting = json.dumps({"counter": code, "officer": officer.code,
                          "ticket_number": "A-2"}).encode()
    with LiveServer(app) as server:
        assert post_chunked(server, "/api/v1/visits", headers, oversized)[0] == 413
        status, body = post_chunked(server, "/api/v1/visits", headers, fitting)
    assert status == 201 and body["ticket_number"] == "A-2"  # chunked bodies are read fine
    db.rollback()
    assert db.scalars(select(Visit.ticket_number)).all() == ["A-2"]


def test_a_slow_survey_body_holds_no_lock_while_a_tablet_uploads(app, db, on_duty,
                                                                   questionnaire):
    duty = on_duty()
    visit = open_test_visit(db, db.get(Officer, duty.officer_id))
    db.commit()
    started = threading.Event()

    def watching(environ, start_response):
        if environ["PATH_INFO"].startswith("/s/"):
            started.set()
        return app(environ, start_response)

    body = f"level=3&comment={'chậm' * 10}".encode()
    with LiveServer(watching) as server:
        slow = socket.create_connection(host_port(server), timeout=30)
        slow.sendall((f"POST /s/{visit.survey_token} HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\n"
                      f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode())
        slow.sendall(body[:5])
        assert started.wait(10)
        status, answer = upload(server, duty, questionnaire, [rating(duty, questionnaire)])
        slow.sendall(body[5:])
        reply = slow.recv(200)
        slow.close()
    assert status == 200 and answer["results"][0]["status"] == "created"
    assert reply.startswith(b"HTTP/1.1 303")  # the slow citizen was thanked too


def rating(duty, questionnaire) -> dict:
    return {"id": str(uuid.uuid4()), "visit_id": None, "level": 3, "answers": {},
            "reported": [], "reasons": [], "reason_text": None, "comment": None,
            "rated_at": datetime.now(UTC).isoformat(), **duty.rating_fields(questionnaire)}


def upload(server, duty, questionnaire, ratings):
    connection = http.client.HTTPConnection(*host_port(server), timeout=30)
    body = json.dumps({"sent_at": datetime.now(UTC).isoformat(), "ratings": ratings})
    connection.request("POST", "/api/v1/kiosk/ratings", body=body, headers={
        "Content-Type": "application/json", "X-Tablet-Key": duty.secret})
    response = connection.getresponse()
    status, data = response.status, json.loads(response.read())
    connection.close()
    return status, data


def test_four_replays_of_one_batch_in_different_orders_all_succeed(app, db, on_duty,
                                                                     questionnaire):
    duty = on_duty()
    ratings = [rating(duty, questionnaire) for _ in range(40)]
    orders = [random.sample(ratings, len(ratings)) for _ in range(4)]
    barrier, answers = threading.Barrier(4), []

    with LiveServer(app) as server:
        def send(batch):
            barrier.wait()
            answers.append(upload(server, duty, questionnaire, batch))

        threads = [threading.Thread(target=send, args=(batch,)) for batch in orders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert [status for status, _ in answers] == [200] * 4
    statuses = [r["status"] for _, body in answers for r in body["results"]]
    assert statuses.count("created") == 40 and statuses.count("duplicate") == 120
    assert set(ratings_by_id(db, [r["id"] for r in ratings]).values()) == {1}
