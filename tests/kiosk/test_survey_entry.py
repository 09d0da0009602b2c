"""/s/ (dossier code typed from the receipt) and /s/c/<counter> (the counter's poster)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import Rating, Site, Visit
from tests.models.test_visits import _sign_in
from tests.visits_support import open_test_visit

CODE = "000.00.20.H06-261107-0042"


@pytest.fixture
def dossier_visit(db, make_officer, questionnaire):
    opened = open_test_visit(db, make_officer(), dossier_code=CODE)
    db.commit()
    return opened


def test_the_entry_page_asks_for_the_dossier_code(client):
    page = client.get("/s/").get_data(as_text=True)
    assert "Nhập mã hồ sơ" in page and "Tiếp tục" in page


def test_a_dossier_code_leads_to_its_visit_and_the_rating_records_how(client, db,
                                                                      dossier_visit):
    response = client.post("/s/", data={"code": " 000.00.20.h06-261107-0042 "})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/s/{dossier_visit.survey_token}")
    assert client.post(response.headers["Location"], data={"level": "2"}).status_code == 303
    rating = db.scalar(select(Rating))
    assert (rating.source, rating.visit_id, rating.verified) == (
        "dossier_code", dossier_visit.id, True)


def test_a_wrong_code_says_so_plainly(client, dossier_visit):
    response = client.post("/s/", data={"code": "000.00.20.H06-261107-9999"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã 000.00.20.H06-261107-9999" in page


def test_a_code_already_rated_says_so(client, db, dossier_visit):
    client.post(f"/s/{dossier_visit.survey_token}", data={"level": "3"})
    response = client.post("/s/", data={"code": CODE})
    assert response.status_code == 410 and "đã được đánh giá" in response.get_data(as_text=True)


def test_an_expired_code_says_so(client, db, dossier_visit):
    db.get(Visit, dossier_visit.id).token_expires_at = datetime.now(UTC) - timedelta(hours=1)
    db.commit()
    response = client.post("/s/", data={"code": CODE})
    assert response.status_code == 410 and "hết hạn" in response.get_data(as_text=True)


def test_an_empty_or_overlong_code_is_refused_in_vietnamese(client, dossier_visit):
    empty = client.post("/s/", data={"code": ""})
    assert empty.status_code == 400 and "Vui lòng điền mục này." in empty.get_data(as_text=True)
    overlong = client.post("/s/", data={"code": "9" * 65})
    assert overlong.status_code == 400
    assert "Vui lòng nhập tối đa 64 ký tự." in overlong.get_data(as_text=True)


def _guess(client, n):
    return client.post("/s/", data={"code": f"GUESS-{n}"}).status_code


def test_looking_up_codes_is_rate_limited_per_client(app, client, dossier_visit):
    app.config["SURVEY_LOOKUP_RATE_LIMIT"] = "3/minute"
    assert [_guess(client, n) for n in range(3)] == [404, 404, 404]
    response = client.post("/s/", data={"code": CODE})
    assert response.status_code == 429 and "đợi một phút" in response.get_data(as_text=True)
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert other.post("/s/", data={"code": CODE}).status_code == 303


def test_the_rate_limit_is_shared_through_the_database_by_every_app_host(
    app_config, build_app, dossier_visit
):
    config = {**app_config, "SURVEY_LOOKUP_RATE_LIMIT": "2/minute"}
    first, second = build_app(config).test_client(), build_app(config).test_client()
    assert [_guess(first, 1), _guess(second, 2), _guess(first, 3)] == [404, 404, 429]


@pytest.fixture
def poster_counter(db, make_officer, questionnaire):
    officer = make_officer(full_name="Phạm Minh Châu")
    counter = officer.counters[0]
    return officer, counter


def test_a_poster_rating_goes_unverified_to_the_officer_signed_in(client, db, poster_counter):
    officer, counter = poster_counter
    _sign_in(db, officer, counter)
    db.commit()
    page = client.get(f"/s/c/{counter.code}").get_data(as_text=True)
    assert "Phạm Minh Châu" in page and f"Quầy số {counter.number}" in page
    response = client.post(f"/s/c/{counter.code}", data={"level": "3"})
    assert response.status_code == 303
    rating = db.scalar(select(Rating))
    assert (rating.source, rating.verified, rating.officer_id) == ("qr_counter", False,
                                                                   officer.id)


def test_with_nobody_signed_in_the_poster_says_the_rating_is_for_the_counter(
    client, db, poster_counter
):
    _officer, counter = poster_counter
    db.commit()
    page = client.get(f"/s/c/{counter.code}").get_data(as_text=True)
    assert "chưa có cán bộ đăng nhập" in page
    assert client.post(f"/s/c/{counter.code}", data={"level": "2"}).status_code == 303
    assert db.scalar(select(Rating)).officer_id is None


def test_a_second_poster_rating_within_the_cool_down_is_refused(client, db, poster_counter):
    _officer, counter = poster_counter
    db.commit()
    assert client.post(f"/s/c/{counter.code}", data={"level": "3"}).status_code == 303
    response = client.post(f"/s/c/{counter.code}", data={"level": "3", "comment": "Tốt"})
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and "vừa nhận một đánh giá" in page and "Tốt" in page
    assert len(db.scalars(select(Rating)).all()) == 1


def test_poster_ratings_are_rate_limited_per_client(app, client, db, poster_counter):
    _officer, counter = poster_counter
    db.get(Site, counter.site_id).cooldown_seconds = 0
    db.commit()
    app.config["SURVEY_POSTER_RATE_LIMIT"] = "2/minute"
    statuses = [client.post(f"/s/c/{counter.code}", data={"level": "3"}).status_code
                for _ in range(3)]
    assert statuses == [303, 303, 429]


@pytest.mark.parametrize("code", ["NO-SUCH", "x" * 40, "%00"])
def test_an_unknown_poster_code_gets_a_clear_404(client, poster_counter, code):
    response = client.get(f"/s/c/{code}")
    assert response.status_code == 404 and "Không tìm thấy quầy" in response.get_data(
        as_text=True)


def test_an_inactive_counter_takes_no_poster_rating(client, db, poster_counter):
    _officer, counter = poster_counter
    counter.active = False
    db.commit()
    assert client.post(f"/s/c/{counter.code}", data={"level": "3"}).status_code == 404


def test_the_look_up_limit_holds_without_redis_even_when_one_is_configured_and_down(
    app_config, build_app, dossier_visit
):
    config = {**app_config, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/0",
              "SURVEY_LOOKUP_RATE_LIMIT": "2/minute"}
    client = build_app(config).test_client()
    assert [_guess(client, n) for n in range(3)] == [404, 404, 429]
