"""The console's menu by task group and role, the month's checklist before closing, and
the next actions each role's home shows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from admin.common.nav import ENTRY_GROUPS, GROUPS, NAV_ITEMS, grouped_nav, place_of
from models.queries.month_readiness import (
    MISSING_INPUT_REASONS,
    CloseStep,
    close_steps,
    ready_to_close,
)

ROLES = ("admin", "leader", "hr", "liaison", "officer")


def test_every_menu_entry_has_a_group_and_there_are_at_most_seven(app):
    assert len(GROUPS) <= 7
    assert {item.endpoint for item in NAV_ITEMS} == set(ENTRY_GROUPS)
    assert set(ENTRY_GROUPS.values()) <= set(GROUPS)


@pytest.mark.parametrize("role", ROLES)
def test_a_role_sees_exactly_the_entries_its_routes_let_it_open(app, role):
    shown = {item.endpoint for group in grouped_nav(role, None) for item in group.items}
    allowed = {endpoint for endpoint in ENTRY_GROUPS
               if role in app.view_functions[endpoint].allowed_roles}
    if role == "officer":
        # The board lets an officer in only to send them to their own sheet (unless they
        # head a department): the menu offers "My self-assessment" instead.
        allowed.discard("admin.assessment_board")
    assert shown == allowed
    assert all(group.items for group in grouped_nav(role, None))  # no empty group


@pytest.mark.parametrize(("endpoint", "group"), [
    ("admin.alerts", "alerts"), ("admin.alert_detail", "alerts"),
    ("admin.alert_follow_up", "alerts"), ("admin.flag_decide", "alerts"),
    ("admin.month_detail", "period"), ("admin.officer_sheet", "period"),
    ("admin.ranking_pdf", "reports"), ("admin.site_detail", "catalogue"),
    ("admin.tablet_detail", "devices"), ("admin.audit_log", "system"),
    ("admin.home", "today"), ("admin.login", None), (None, None),
])
def test_each_page_shows_the_group_it_belongs_to(app, endpoint, group):
    assert place_of(endpoint) == group
    if endpoint and group:
        assert endpoint in app.view_functions


def test_the_current_group_is_marked(app):
    groups = grouped_nav("leader", "admin.alert_detail")
    assert [g.code for g in groups if g.current] == ["alerts"]


@pytest.mark.parametrize(("ended", "held", "pending", "ready"), [
    (False, 0, (), False),
    (True, 2, (), False),
    (True, 0, ("CB1 Nguyễn Văn A",), False),
    (True, 0, (), True),
])
def test_a_month_is_ready_only_when_no_blocking_step_is_left(ended, held, pending, ready):
    steps = close_steps(closed=False, ended=ended, held=held, pending=pending, missing={},
                        contests=0)
    assert [s.code for s in steps] == ["ended", "flags", "assessments"]
    assert ready_to_close(steps) is ready


def test_a_closed_month_has_nothing_left_to_do():
    steps = close_steps(closed=True, ended=True, held=3, pending=("x",),
                        missing={"no_task_data": 1}, contests=2)
    assert steps == [] and not ready_to_close(steps)


def test_missing_inputs_and_contests_advise_without_blocking():
    steps = close_steps(closed=False, ended=True, held=0, pending=(),
                        missing={"no_leader_score": 2, "no_dossier_data": 1, "no_ratings": 5},
                        contests=1)
    advice = [s for s in steps if not s.blocking]
    assert [(s.code, s.reason, s.count) for s in advice] == [
        ("missing_input", "no_dossier_data", 1), ("missing_input", "no_leader_score", 2),
        ("contests", None, 1)]
    assert ready_to_close(steps)


@given(ended=st.booleans(), held=st.integers(0, 50),
       pending=st.lists(st.text(min_size=1, max_size=5), max_size=4).map(tuple),
       missing=st.dictionaries(st.sampled_from(MISSING_INPUT_REASONS), st.integers(0, 9)),
       contests=st.integers(0, 5))
def test_the_checklist_is_ready_exactly_when_close_month_would_not_refuse(
        ended, held, pending, missing, contests):
    steps = close_steps(closed=False, ended=ended, held=held, pending=pending,
                        missing=missing, contests=contests)
    assert ready_to_close(steps) == (ended and held == 0 and not pending)
    assert all(isinstance(s, CloseStep) for s in steps)
    blocking = [s.code for s in steps if s.blocking]
    assert blocking == ["ended", "flags", "assessments"]
    assert all(s.count > 0 for s in steps if not s.blocking)


@pytest.fixture
def demo(db):
    """A small demo province: the previous month has ended and is still open."""
    from werkzeug.security import generate_password_hash

    from models.demo import DemoOptions, seed_demo
    from tests.factories import FAST_HASH, PASSWORD
    seed_demo(db, DemoOptions(officers=8, months=2, ratings_per_officer=10),
              password_hash=generate_password_hash(PASSWORD, method=FAST_HASH),
              pin_hash=generate_password_hash("1234", method=FAST_HASH))
    db.commit()


def sign_in_as(client, username):
    from tests.factories import PASSWORD
    response = client.post("/admin/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_month_page_says_what_stands_before_closing_as_closing_finds_it(client, demo):
    from admin.common.periods import default_month
    with client.application.test_request_context():
        period = str(default_month())
    sign_in_as(client, "lanhdao")
    page = client.get(f"/admin/months/{period}").get_data(as_text=True)
    assert 'id="close-checklist"' in page and "Tháng đã kết thúc." in page
    ready = "Không còn vướng mắc: có thể khóa sổ tháng." in page
    assert ready != ("Chưa thể khóa sổ tháng." in page)
    closed = client.post(f"/admin/months/{period}/close", follow_redirects=True)
    assert ("Tháng đã khóa sổ" in closed.get_data(as_text=True)
            or 'id="close-checklist"' not in closed.get_data(as_text=True)) == ready


@pytest.mark.parametrize(("username", "expected"), [
    ("lanhdao", "khóa sổ"), ("nhansu", "Bản in xếp hạng tháng"),
    ("daumoi", "Xếp hạng các đơn vị của đồng chí"), ("canbo", "Phiếu đánh giá tháng"),
    ("admin", "Nhật ký thao tác"),
])
def test_each_role_home_lists_its_next_actions(client, demo, username, expected):
    sign_in_as(client, username)
    page = client.get("/admin/").get_data(as_text=True)
    start = page.index('id="next-actions"')
    actions = page[start:page.index("</ul>", start)]
    assert expected in actions
