"""Time a full tablet upload (200 ratings) against storing the same ratings directly.

    .venv/bin/python bench/tablet_upload.py [--database-url URL] [--rounds 5]

The baseline calls ``record_rating`` for 200 ratings in one transaction; the measured run
POSTs the same number through /api/v1/kiosk/ratings (device check, parsing, sign-in and
cool-down checks, one commit). Both run in this process on the same database; the ratio
is the cost of the tablet's checks and of HTTP/JSON. Prints milliseconds per batch.
"""

import argparse
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from benchrow import emit
from sqlalchemy.orm import Session

from migrations import runner as migrate
from models import Counter, Department, Officer, OfficerSignIn, Site
from models.defaults import install_default_questionnaire
from models.ops.devices import issue_pairing_code, redeem_pairing_code
from models.ops.ratings import RatingContext, RatingSubmission, record_rating
from models.queries.questionnaires import load_active_questionnaire
from wsgi import create_app

BATCH = 200


def arrange(session):
    """Create a site without cool-down, a counter, an officer signed in at a new tablet."""
    site = Site(code="BENCH", name="Trung tâm thử", cooldown_seconds=0,
                opens_at=clock(0, 0), closes_at=clock(23, 59))
    department = Department(code="BENCH", name="Sở thử")
    session.add_all([site, department])
    session.flush()
    counter = Counter(code="BENCH-01", site_id=site.id, number=1, department_id=department.id)
    session.add(counter)
    session.flush()
    officer = Officer(code="BENCH", full_name="Nguyễn Văn Thử", site_id=site.id,
                      department_id=department.id, counters=[counter])
    session.add(officer)
    install_default_questionnaire(session)
    session.flush()
    paired = redeem_pairing_code(session, issue_pairing_code(session, counter).code)
    session.add(OfficerSignIn(officer_id=officer.id, tablet_id=paired.tablet_id,
                              counter_id=counter.id,
                              signed_in_at=datetime.now(UTC) - timedelta(hours=1)))
    session.commit()
    return officer, counter, paired


def items(questionnaire, officer, counter):
    rated = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    return [{"id": str(uuid.uuid4()), "questionnaire_version_id": questionnaire.version_id,
             "officer_id": officer.id, "counter_id": counter.id, "level": 3,
             "answers": {"XIN_CHAO": True, "LUON_MIM_CUOI": True}, "rated_at": rated}
            for _ in range(BATCH)]


def baseline(engine, questionnaire, officer, counter) -> float:
    with Session(engine) as session:
        context = RatingContext(site_id=counter.site_id, counter_id=counter.id,
                                officer_id=officer.id)
        start = time.perf_counter()
        for _ in range(BATCH):
            submission = RatingSubmission(id=uuid.uuid4(), source="kiosk", level=3,
                                          answers={"XIN_CHAO": True, "LUON_MIM_CUOI": True})
            record_rating(session, questionnaire, submission, context, zone="Asia/Ho_Chi_Minh")
        session.commit()
        return time.perf_counter() - start


def upload(client, secret, batch) -> float:
    start = time.perf_counter()
    response = client.post("/api/v1/kiosk/ratings", headers={"X-Tablet-Key": secret},
                           json={"sent_at": datetime.now(UTC).isoformat(), "ratings": batch})
    elapsed = time.perf_counter() - start
    assert all(r["status"] == "created" for r in response.json["results"]), response.json
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty migrated database (default: SQLite)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, "TESTING": True,
                          "SECRET_KEY": "bench-secret-key-0123456789abcdefghij"})
        engine = app.extensions["hailong.db"].engine
        with Session(engine, expire_on_commit=False) as session:
            officer, counter, paired = arrange(session)
            questionnaire = load_active_questionnaire(session)
        client = app.test_client()
        base = min(baseline(engine, questionnaire, officer, counter) for _ in range(args.rounds))
        taken = min(upload(client, paired.secret, items(questionnaire, officer, counter))
                    for _ in range(args.rounds))
        engine.dispose()
    print(f"record_rating x{BATCH}, one commit: {base * 1000:8.1f} ms (baseline)")
    print(f"POST /api/v1/kiosk/ratings x{BATCH}:  {taken * 1000:8.1f} ms "
          f"({taken / base:.2f} x baseline, {taken * 1000 / BATCH:.2f} ms per rating)")
    emit(f"tablet batch of {BATCH} through the API, in process", round(taken / base, 2),
         "× record_rating alone", database=engine.dialect.name,
         note=f"{taken * 1000:.0f} ms against {base * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
