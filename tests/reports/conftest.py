"""A hand-built October 2026: three officers at two sites, with every kind of input."""

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest

from models import DossierStat, LeaderAssessment, Rating, RatingContest
from models.ops.ratings import RatingContext, RatingSubmission, record_rating
from tests.monthdata import ZONE, conduct, exclude, local, set_alerts, visit_for, with_rubric


def give(db, questionnaire, officer, at, level, *, verified=True, answers=None, reported=(),
         comment=None) -> Rating:
    """Record a rating through the real intake, with an optional comment."""
    submission = RatingSubmission(
        id=uuid.uuid4(), source="kiosk", level=level, answers=answers or {},
        reported=tuple(reported), comment=comment, client_rated_at=at,
        reason_text="Chờ quá lâu" if questionnaire.needs_reason(level) else None)
    context = RatingContext(site_id=officer.site_id, counter_id=officer.counters[0].id,
                            officer_id=officer.id,
                            visit_id=visit_for(db, officer, at) if verified else None)
    outcome = record_rating(db, questionnaire, submission, context, zone=ZONE,
                            now=at + timedelta(seconds=5))
    assert outcome.status == "created", outcome
    return db.get(Rating, outcome.id)


@pytest.fixture
def october(db, questionnaire, make_site, make_department, make_counter, make_officer,
            make_user):
    """Officers Nhung (Sở Tư pháp), Ánh (land group) at the provincial centre, Bình elsewhere.

    Local times: Monday 05/10 to Wednesday 07/10 2026, some near midnight so that the local
    weekday differs from the UTC one.
    """
    with_rubric(db)
    province = make_site(code="TTPVHCC", name="Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh")
    ward = make_site(code="KINHBAC", name="Trung tâm phường Kinh Bắc")
    justice = make_department(code="STP", name="Sở Tư pháp")
    land = make_department(code="STNMT", name="Sở Tài nguyên và Môi trường", land_group=True)
    nhung = make_officer(counter=make_counter(site=province), department=justice,
                         full_name="Nguyễn Thị Hồng Nhung", title="Chuyên viên", code="CB0101")
    anh = make_officer(counter=make_counter(site=province), department=land,
                       full_name="Đặng Thị Ngọc Ánh", title="Phó Trưởng phòng", code="CB0102")
    binh = make_officer(counter=make_counter(site=ward), department=justice,
                        full_name="Trần Văn Bình", title="Công chức", code="CB0103")
    leader = make_user("leader", username="lanhdao", full_name="Lê Văn Lãnh")
    q = questionnaire
    for hour in (8, 9, 10, 14):
        give(db, q, nhung, local(2026, 10, 5, hour), 3, answers=conduct(8, 0))
    give(db, q, nhung, local(2026, 10, 6, 23, 30), 2, answers=conduct(6, 2),
         comment="Cán bộ hướng dẫn tận tình, dễ hiểu.")
    give(db, q, nhung, local(2026, 10, 7, 6, 30), 1, answers=conduct(3, 5))
    give(db, q, nhung, local(2026, 10, 7, 9), 3, verified=False)
    for hour in (8, 9, 10):
        give(db, q, anh, local(2026, 10, 6, hour), 3, answers=conduct(7, 1))
    give(db, q, anh, local(2026, 10, 6, 15), 2)
    test_rating = give(db, q, anh, local(2026, 10, 6, 16), 1)
    exclude(db, test_rating, leader, reason="Phiếu thử nghiệm máy tính bảng")
    reported = give(db, q, binh, local(2026, 10, 7, 10), 1, reported=["KHONG_CUA_QUYEN"])
    set_alerts(db, reported, "confirmed")
    contested = give(db, q, binh, local(2026, 10, 7, 11), 1)
    db.add(RatingContest(rating_id=contested.id, officer_id=binh.id,
                         reason="Người dân đánh giá nhầm quầy"))
    db.add(DossierStat(officer_id=nhung.id, period="2026-10", received=20, resolved_early=12,
                       resolved_on_time=6, resolved_late=2, digitised=19, received_online=15,
                       returned_by_post=5))
    db.add(DossierStat(officer_id=anh.id, period="2026-10", received=10, resolved_early=4,
                       resolved_on_time=5, resolved_late=1, digitised=10, received_online=None,
                       returned_by_post=None))
    db.add(LeaderAssessment(officer_id=nhung.id, period="2026-10", score=9))
    db.commit()
    return SimpleNamespace(nhung=nhung, anh=anh, binh=binh, leader=leader, province=province,
                           ward=ward, justice=justice, land=land, officers=[nhung, anh, binh])
