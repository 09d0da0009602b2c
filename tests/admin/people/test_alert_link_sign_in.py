"""A link in an alert e-mail opens that alert once the leader has signed in, through both
steps of the sign-in; a target off the console is ignored."""

import re
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest

from models import Alert
from tests.factories import PASSWORD

KEY = re.compile(r'<p class="secret"><code>([A-Z2-7 ]+)</code></p>')


@pytest.fixture
def app_config(app_config):
    """The shipped setting: leaders use two-step sign-in."""
    return {**app_config, "TWO_FACTOR_ROLES": "admin,leader"}


def test_an_emailed_alert_link_opens_the_alert_after_both_sign_in_steps(
        client, db, make_user, make_officer, make_rating):
    leader = make_user("leader")
    make_rating(make_officer(), level=1, reported=["KHONG_CUA_QUYEN"], reason_text="Chờ lâu")
    db.commit()
    alert_id = db.query(Alert.id).order_by(Alert.id.desc()).first()[0]
    link = f"/admin/alerts/{alert_id}"  # what admin/alerts/mail.py writes after CONSOLE_URL
    first = client.get(link)
    location = urlsplit(first.headers["Location"])
    assert location.path == "/admin/login" and parse_qs(location.query)["next"] == [link]
    step = client.post(f"/admin/login?next={link}",
                       data={"username": leader.username, "password": PASSWORD})
    assert step.headers["Location"] == "/admin/login/enrol"
    page = client.get("/admin/login/enrol").get_data(as_text=True)
    code = pyotp.TOTP(KEY.search(page).group(1).replace(" ", "")).now()
    shown = client.post("/admin/login/enrol", data={"code": code}).get_data(as_text=True)
    assert f'href="{link}"' in shown  # "continue" after the recovery codes goes to the alert
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("target", ["//evil.example/admin", "https://evil.example/admin/",
                                    "/admin\\..\\x", "/s/abc"])
def test_a_next_target_off_the_console_is_ignored(client, db, make_user, target):
    officer = make_user("officer")
    db.commit()
    response = client.post("/admin/login", query_string={"next": target},
                           data={"username": officer.username, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/"
