"""A counter tablet without a browser: the real upload protocol and the rules of outbox.js.

Each rating gets a client-generated UUID and goes into the outbox before anything is sent.
Uploads are batches of the oldest ready ratings (POST /api/v1/kiosk/ratings with
X-Tablet-Key). On a 200 every answered rating leaves the outbox: created or duplicate are
acknowledged, rejected ones become dead letters. 400/413/415 halve the batch (a single
rating then becomes a dead letter); a 401/403 tablet_* error stops the sender; anything else
(a 503, a reset connection, a refused connection, a timeout) keeps the outbox as it is and
retries after an exponential back-off with jitter. See kiosk/static/tablet/outbox.js.
"""

import http.client
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

API_RATINGS = "/api/v1/kiosk/ratings"
#: The failures an HTTP client meets when the server is killed or restarting.
NETWORK_ERRORS = (OSError, http.client.HTTPException)


@dataclass
class Record:
    """One outbox entry, as outbox.js stores it."""

    id: str
    created_at: float
    rating: dict


@dataclass
class Tally:
    """What one tablet saw: every rating made, every answer, every failed upload."""

    made: list[str] = field(default_factory=list)
    acknowledged: dict[str, str] = field(default_factory=dict)
    dead: dict[str, str] = field(default_factory=dict)
    uploads: int = 0
    failed_uploads: int = 0
    statuses: list[int | str] = field(default_factory=list)


class SimulatedTablet:
    """One paired tablet with an officer signed in; thread-safe counters for the test."""

    def __init__(self, base_url: str, secret: str, rating_fields: dict, *, batch: int = 10,
                 retry_base: float = 0.05, retry_max: float = 0.5, timeout: float = 5.0):
        self.host, port = base_url.removeprefix("http://").split(":")
        self.port = int(port)
        self.secret = secret
        self.rating_fields = rating_fields
        self.batch = batch
        self.retry_base, self.retry_max, self.timeout = retry_base, retry_max, timeout
        self.outbox: dict[str, Record] = {}
        self.tally = Tally()
        self.failures = 0
        self.stopped = False
        self.lock = threading.Lock()

    # --- the citizen side ---

    def rate(self, level: int) -> str:
        """Save a rating in the outbox (the tablet then says thank you); return its id."""
        rating = {
            "id": str(uuid.uuid4()), "visit_id": None, "level": level,
            "answers": {"XIN_CHAO": True} if level == 3 else {}, "reported": [],
            "reasons": [], "reason_text": None, "comment": None,
            "rated_at": datetime.now(UTC).isoformat(), **self.rating_fields,
        }
        with self.lock:
            self.outbox[rating["id"]] = Record(rating["id"], time.time(), rating)
            self.tally.made.append(rating["id"])
        return rating["id"]

    def pending(self) -> int:
        with self.lock:
            return len(self.outbox)

    # --- the sender (Sender.prototype.drain / sendBatch / delay) ---

    def delay(self) -> float:
        """Seconds until the next try: back-off with jitter after failures."""
        if not self.failures:
            return 0.0
        cap = min(self.retry_max, self.retry_base * 2 ** (self.failures - 1))
        return cap / 2 + random.random() * cap / 2

    def drain(self) -> str:
        """Send ready batches until the outbox is empty ("done"), a failure ("retry") or a
        refusal of the tablet itself ("stop")."""
        while not self.stopped:
            with self.lock:
                records = sorted(self.outbox.values(), key=lambda r: r.created_at)[:self.batch]
            if not records:
                return "done"
            outcome = self.send_batch(records)
            if outcome != "more":
                return outcome
        return "stop"

    def send_batch(self, records: list[Record]) -> str:
        body = json.dumps({"sent_at": datetime.now(UTC).isoformat(),
                           "ratings": [r.rating for r in records]})
        self.tally.uploads += 1
        try:
            status, data = self._post(body)
        except NETWORK_ERRORS as exc:
            self.tally.statuses.append(type(exc).__name__)
            self.tally.failed_uploads += 1
            self.failures += 1
            return "retry"
        self.tally.statuses.append(status)
        code = (data.get("error") or {}).get("code") or ""
        if status == 200 and isinstance(data.get("results"), list):
            self.failures = 0
            self.settle(records, data["results"])
            return "more"
        if status in (401, 403) and code.startswith("tablet_"):
            self.stopped = True
            return "stop"
        if status in (400, 413, 415):
            if len(records) > 1:
                self.batch = max(1, len(records) // 2)
                return "more"
            self.settle(records, [{"index": 0, "id": records[0].id, "status": "rejected",
                                   "code": code}])
            return "more"
        self.tally.failed_uploads += 1
        self.failures += 1
        return "retry"

    def settle(self, records: list[Record], results: list[dict]) -> None:
        """Apply the server's answers: every answered rating leaves the outbox."""
        by_id = {r.id: r for r in records}
        with self.lock:
            for result in results:
                record = by_id.get(result.get("id"))
                if record is None and 0 <= result.get("index", -1) < len(records):
                    record = records[result["index"]]
                if record is None:
                    continue
                if result["status"] == "rejected":
                    self.tally.dead[record.id] = result.get("code") or "rejected"
                else:
                    self.tally.acknowledged[record.id] = result["status"]
                self.outbox.pop(record.id, None)

    def _post(self, body: str) -> tuple[int, dict]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request("POST", API_RATINGS, body=body, headers={
                "Content-Type": "application/json", "Accept": "application/json",
                "X-Tablet-Key": self.secret})
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            data = json.loads(raw)
        except ValueError:
            data = {}
        return response.status, data if isinstance(data, dict) else {}

    # --- a shift: citizens rating at a steady pace while the sender runs ---

    def run(self, count: int, every: float, deadline: float,
            until: threading.Event | None = None) -> None:
        """Make ``count`` ratings (or, given ``until``, keep making them until it is set), one
        per ``every`` seconds, sending after each save as the page does, retrying with
        back-off, until all are made and the outbox is empty."""
        next_rating = time.monotonic()
        next_send = 0.0
        made = 0

        def making() -> bool:
            return not until.is_set() if until is not None else made < count

        while not self.stopped and time.monotonic() < deadline:
            now = time.monotonic()
            if making() and now >= next_rating:
                self.rate(level=3 if made % 4 else 2)
                made += 1
                next_rating += every
            if now >= next_send:
                outcome = self.drain()
                next_send = time.monotonic() + (self.delay() if outcome == "retry" else 0.0)
            if not making() and not self.pending():
                return
            time.sleep(0.005)
