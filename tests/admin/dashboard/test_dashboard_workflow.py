"""The dashboard's NĐ 335 panel: steps and reviewers' means, per site, never stale."""

import re

import pytest

from models.ops.assessment import Entry, sheet_of
from models.ops.assessment_steps import review
from tests.models.test_dashboard_workflow import BEFORE, workflow_centre


@pytest.fixture
def centre(db, make_officer, make_counter, make_site, make_department, make_user):
    return workflow_centre(db, make_officer, make_counter, make_site, make_department,
                           make_user)


def text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def steps(body: str) -> dict[str, str]:
    return dict(re.findall(r'data-step="(\w+)"><span class="figure">([\d.,]+)</span>', body))


def test_the_panel_counts_each_step_and_highlights_the_most_lowered_criterion(
        client, login, centre):
    login("leader")
    body = text(client.get("/admin/dashboard?month=2026-11"))
    assert "Đánh giá theo NĐ 335 kỳ 11/2026: công chức đang ở bước nào" in body
    assert steps(body) == {"to_hand_in": "2", "waiting_head": "1", "waiting_leader": "0",
                           "approved": "1", "khong_nop": "1"}
    for label in ("Chưa nộp tự đánh giá", "Chờ trưởng bộ phận đánh giá",
                  "Chờ lãnh đạo phê duyệt", "Đã phê duyệt",
                  "Không nộp (phê duyệt không có tự đánh giá)"):
        assert label in body, label
    lowered = re.search(r'<tr class="bad" id="most-lowered">(.*?)</tr>', body, re.S).group(1)
    assert "A2" in lowered and "Bị hạ điểm nhiều nhất" in lowered
    assert "bình quân giảm 3,00 điểm; 1/1 phiếu bị hạ điểm" in lowered
    assert "14,00" in lowered and "12,00" in lowered and "10,00" in lowered


def test_a_site_narrows_the_panel_and_an_unknown_site_shows_nobody(client, login, centre):
    login("leader")
    body = text(client.get(f"/admin/dashboard?month=2026-11&site={centre['commune'].id}"))
    assert steps(body) == {"to_hand_in": "1", "waiting_head": "0", "waiting_leader": "0",
                           "approved": "0", "khong_nop": "1"}
    assert 'id="most-lowered"' not in body
    assert set(steps(text(client.get("/admin/dashboard?month=2026-11&site=987654"))).values()) \
        == {"0"}
    assert steps(text(client.get("/admin/dashboard?month=2026-11&site=abc")))["approved"] == "1"


def test_a_liaison_sees_only_their_departments(client, login, centre, make_department):
    other = make_department(name="Sở Xây dựng")
    login("liaison", departments=[other])
    body = text(client.get("/admin/dashboard?month=2026-11"))
    assert set(steps(body).values()) == {"0"}


def test_a_score_given_shows_at_the_next_load(client, login, db, centre):
    login("leader")
    assert steps(text(client.get("/admin/dashboard?month=2026-11")))["waiting_leader"] == "0"
    sheet = sheet_of(db, centre["binh"].id, "2026-11")
    review(db, sheet, {"A1": Entry(8), "A2": Entry(10, "Nhiều phiếu chưa hài lòng"),
                       "A3": Entry(5)}, user=centre["head"], now=BEFORE)
    db.commit()
    body = text(client.get("/admin/dashboard?month=2026-11"))
    assert steps(body)["waiting_leader"] == "1" and steps(body)["waiting_head"] == "0"
    lowered = re.search(r'<tr class="bad" id="most-lowered">(.*?)</tr>', body, re.S).group(1)
    # The head's A2 mean is now (12 + 10) / 2.
    assert "11,00" in lowered
