"""The dashboard's NĐ 335 workflow: officers at each step and the reviewers' mean scores."""

from datetime import UTC, datetime

import pytest

from evaluation import parse_month
from models import DepartmentHead, RubricVersion
from models.ops.assessment import Entry, open_assessment
from models.ops.assessment_steps import approve, approve_without_self, review, save_self
from models.queries.dashboard_workflow import workflow_figures
from tests.monthdata import with_decree_rubric, with_rubric

OPENED = datetime(2026, 11, 20, 2, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 1, 17, tzinfo=UTC)
BEFORE = datetime(2026, 11, 25, 3, tzinfo=UTC)
AFTER = datetime(2026, 12, 2, 3, tzinfo=UTC)
NOVEMBER = parse_month("2026-11")


def entries(a1, a2, a3, reason=""):
    return {"A1": Entry(a1, reason), "A2": Entry(a2, reason), "A3": Entry(a3, reason)}


def workflow_centre(db, make_officer, make_counter, make_site, make_department, make_user):
    """Five officers at five steps, over two sites; NĐ 335 in force; November opened.

    At the provincial centre: Hoa approved (A2 lowered 14 → 12 → 11), Bình handed in,
    Nam without a sheet. At the commune: Lan with a draft, An approved without a
    self-assessment (không nộp).
    """
    province, commune = make_site(name="Trung tâm tỉnh"), make_site(name="Xã Tân Yên")
    department = make_department(name="Sở Tư pháp")
    people = {}
    for name, site in (("hoa", province), ("binh", province), ("nam", province),
                       ("lan", commune), ("an", commune)):
        people[name] = make_officer(counter=make_counter(site=site), department=department,
                                    full_name=name.title())
        people[f"{name}_user"] = make_user("officer", officer_id=people[name].id)
    head, leader = make_user("liaison"), make_user("leader")
    db.add(DepartmentHead(department_id=department.id, user_id=head.id))
    with_decree_rubric(db)
    open_assessment(db, "2026-11", deadline=DEADLINE, user_id=leader.id, now=OPENED)
    sheet = save_self(db, people["hoa"].id, "2026-11", entries(10, 14, 4),
                      user=people["hoa_user"], submit=True, now=BEFORE)
    review(db, sheet, {**entries(10, 14, 4), "A2": Entry(12, "Còn phiếu không hài lòng")},
           user=head, now=BEFORE)
    approve(db, sheet, {**entries(10, 14, 4), "A2": Entry(11, "Chậm trả kết quả")},
            user=leader, now=BEFORE)
    save_self(db, people["binh"].id, "2026-11", entries(8, 15, 5), user=people["binh_user"],
              submit=True, now=BEFORE)
    save_self(db, people["lan"].id, "2026-11", entries(9, 13, 3), user=people["lan_user"],
              submit=False, now=BEFORE)
    approve_without_self(db, people["an"].id, "2026-11", entries(6, 9, 2), user=leader,
                         now=AFTER)
    db.commit()
    return {**people, "head": head, "leader": leader, "province": province,
            "commune": commune, "department": department}


@pytest.fixture
def centre(db, make_officer, make_counter, make_site, make_department, make_user):
    return workflow_centre(db, make_officer, make_counter, make_site, make_department,
                           make_user)


def test_every_officer_is_at_one_step(db, centre):
    figures = workflow_figures(db, NOVEMBER)
    assert figures.period == "2026-11" and figures.officers == 5
    assert dict(figures.steps) == {"to_hand_in": 2, "waiting_head": 1, "waiting_leader": 0,
                                   "approved": 1, "khong_nop": 1}
    assert [c.code for c in figures.criteria] == ["A1", "A2", "A3"]
    a1, a2, _a3 = figures.reviews
    # Self: Hoa 14, Bình 15, Lan 13 (a draft is a self-score too); final: Hoa 11, An 9.
    assert (a2.self_mean, a2.head_mean, a2.final_mean) == (14.0, 12.0, 10.0)
    assert (a2.paired, a2.lowered, a2.drop) == (1, 1, 3.0)
    assert (a1.paired, a1.drop) == (1, 0.0)
    assert figures.most_lowered == "A2"
    assert [name for _, name in figures.sites] == ["Trung tâm tỉnh", "Xã Tân Yên"]


def test_a_site_and_a_liaison_s_departments_narrow_the_figures(db, centre, make_department):
    commune = workflow_figures(db, NOVEMBER, site_id=centre["commune"].id)
    assert commune.officers == 2
    assert dict(commune.steps) == {"to_hand_in": 1, "waiting_head": 0, "waiting_leader": 0,
                                   "approved": 0, "khong_nop": 1}
    assert commune.reviews[1].final_mean == 9.0 and commune.most_lowered is None
    other = make_department()
    db.commit()
    nobody = workflow_figures(db, NOVEMBER, departments=frozenset({other.id}))
    assert nobody.officers == 0 and nobody.reviews[1].self_mean is None


def test_a_quarterly_rubric_shows_its_quarter(db, centre):
    current = db.query(RubricVersion).filter_by(status="active").one()
    db.add(RubricVersion(name=current.name, version=current.version + 1,
                         effective_from=datetime(2026, 10, 1).date(),
                         document={**current.document, "period": "quarter",
                                   "version": current.version + 1,
                                   "effective_from": "2026-10-01"}, status="active"))
    db.commit()
    figures = workflow_figures(db, NOVEMBER)
    assert figures.period == "2026-Q4" and dict(figures.steps)["to_hand_in"] == 5


def test_no_rubric_and_a_rubric_without_people_criteria(db, make_officer):
    make_officer()
    db.commit()
    assert workflow_figures(db, NOVEMBER) is None
    with_rubric(db)
    db.commit()
    figures = workflow_figures(db, NOVEMBER)
    assert figures.criteria == () and figures.most_lowered is None
