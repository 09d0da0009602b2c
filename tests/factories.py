"""Factory fixtures: each returns a callable that creates one row with sensible defaults."""

import itertools
import uuid

import pytest
from werkzeug.security import generate_password_hash

from models import Counter, Department, Officer, Site, User
from models.defaults import install_default_questionnaire
from models.ops.ratings import RatingContext, RatingSubmission, record_rating
from models.queries.questionnaires import load_active_questionnaire

#: A fast hash for test accounts; the app checks any werkzeug hash method.
FAST_HASH = "pbkdf2:sha256:1000"
PASSWORD = "correct horse battery staple"

_numbers = itertools.count(1)


def _next() -> int:
    return next(_numbers)


@pytest.fixture
def make_site(db):
    def make(**fields):
        n = _next()
        site = Site(**{"code": f"S{n}", "name": f"Trung tâm số {n}", **fields})
        db.add(site)
        db.flush()
        return site

    return make


@pytest.fixture
def make_department(db):
    def make(**fields):
        n = _next()
        department = Department(**{"code": f"D{n}", "name": f"Sở số {n}", **fields})
        db.add(department)
        db.flush()
        return department

    return make


@pytest.fixture
def make_counter(db, make_site):
    def make(site=None, **fields):
        site = site or make_site()
        n = _next()
        counter = Counter(**{"code": f"Q{n}", "site_id": site.id, "number": n, **fields})
        db.add(counter)
        db.flush()
        return counter

    return make


@pytest.fixture
def make_officer(db, make_counter, make_department):
    def make(counter=None, department=None, pin="1234", **fields):
        counter = counter or make_counter()
        department = department or make_department()
        n = _next()
        officer = Officer(
            **{
                "code": f"CB{n:04d}",
                "full_name": f"Nguyễn Văn {n}",
                "site_id": counter.site_id,
                "department_id": department.id,
                "pin_hash": generate_password_hash(pin, method=FAST_HASH),
                **fields,
            }
        )
        officer.counters = [counter]
        db.add(officer)
        db.flush()
        return officer

    return make


@pytest.fixture
def make_user(db, make_officer):
    def make(role="admin", username=None, password=PASSWORD, **fields):
        if role == "officer" and "officer_id" not in fields:
            fields["officer_id"] = make_officer().id
        user = User(
            username=username or f"{role}{_next()}",
            role=role,
            password_hash=generate_password_hash(password, method=FAST_HASH),
            **fields,
        )
        db.add(user)
        db.flush()
        return user

    return make


@pytest.fixture
def questionnaire(db):
    """The default questionnaire, installed and active."""
    install_default_questionnaire(db)
    db.flush()
    return load_active_questionnaire(db)


@pytest.fixture
def make_rating(db, questionnaire):
    """Record a rating through the real intake; returns the outcome."""

    def make(officer, level=3, source="kiosk", visit_id=None, **fields):
        submission = RatingSubmission(id=fields.pop("id", uuid.uuid4()), source=source,
                                      level=level, **fields)
        context = RatingContext(site_id=officer.site_id, counter_id=officer.counters[0].id,
                                officer_id=officer.id, visit_id=visit_id)
        return record_rating(db, questionnaire, submission, context, zone="Asia/Ho_Chi_Minh")

    return make


@pytest.fixture
def login(client, make_user, db):
    """Sign a new account of a role in on the test client; returns the account."""

    def sign_in(role="admin", **fields):
        user = make_user(role=role, **fields)
        db.commit()
        response = client.post(
            "/admin/login", data={"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return sign_in
