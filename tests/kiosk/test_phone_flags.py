"""Phone paths over HTTP: a phone probing dossier codes, and one phone rating one officer
from the poster again and again, are held for a leader; another phone is not."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from models import Rating, RatingFlag, RatingOrigin, SurveyLookup
from tests.kiosk.tablet_support import pair_tablet, signed_in
from tests.visits_support import open_test_visit

CODE = "000.00.20.H06-261107-0042"
PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 10; K) Chrome/126.0 Mobile",
         "Sec-CH-UA-Model": '"SM-A525F"'}


@pytest.fixture
def app_config(app_config):
    """Open every hour of every day: the clock the test runs at adds no flag."""
    return {**app_config, "TRUST_OPEN_WEEKDAYS": "0,1,2,3,4,5,6"}


@pytest.fixture
def officer(db, make_officer, questionnaire):
    officer = make_officer()
    officer.site.opens_at, officer.site.closes_at = time(0, 0), time(23, 59, 59)
    officer.site.cooldown_seconds = 0
    db.commit()
    return officer


def phone(app, address="198.51.100.20"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_phone_that_probes_dossier_codes_is_held(app, db, officer):
    visit = open_test_visit(db, officer, now=datetime.now(UTC) - timedelta(minutes=20),
                            dossier_code=CODE)
    db.commit()
    prober = phone(app)
    for guess in ("0040", "0041", "0043"):
        assert prober.post("/s/", data={"code": f"000.00.20.H06-261107-{guess}"},
                           headers=PHONE).status_code == 404
    found = prober.post("/s/", data={"code": CODE}, headers=PHONE)
    assert found.status_code == 303
    assert prober.post(found.headers["Location"], data={"level": "3"},
                       headers=PHONE).status_code == 303
    db.rollback()
    rating = db.scalar(select(Rating).where(Rating.visit_id == visit.id))
    flag = db.scalar(select(RatingFlag).where(RatingFlag.rating_id == rating.id))
    assert rating.held and flag.rule == "code_probing"
    assert flag.details == {"codes": 4, "not_found": 3, "minutes": 60}
    assert CODE not in {row.code_hash for row in db.scalars(select(SurveyLookup))}


def test_one_phone_rating_one_officer_from_the_poster_again_is_held(app, db, officer):
    tablet_id, _secret = pair_tablet(db, officer.counters[0])
    signed_in(db, officer, tablet_id, datetime.now(UTC) - timedelta(hours=1))
    db.commit()
    counter = officer.counters[0].code
    same = phone(app)
    for _ in range(3):
        assert same.post(f"/s/c/{counter}", data={"level": "3"}, headers=PHONE
                         ).status_code == 303
    other = phone(app, "203.0.113.55")
    assert other.post(f"/s/c/{counter}", data={"level": "3"}, headers=PHONE).status_code == 303
    db.rollback()
    held = db.scalars(select(Rating.held).order_by(Rating.received_at)).all()
    assert held == [False, False, True, False]
    assert db.scalar(select(RatingFlag.rule)) == "same_phone"
    origins = db.scalars(select(RatingOrigin)).all()
    assert len({o.phone_hash for o in origins}) == 2
    assert all("198.51" not in (o.address_hash or "") for o in origins)  # hashed, never kept
