"""Helpers for the monthly evaluation tests: ratings at chosen instants, visits, inputs."""

import secrets
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from evaluation import load_default_rubric, load_local_plan_rubric
from models import Alert, QuestionItem, QuestionnaireVersion, Rating, Visit
from models.defaults import install_rubric
from models.ops.ratings import RatingContext, RatingSubmission, record_rating
from models.queries.questionnaires import load_questionnaire

ZONE = "Asia/Ho_Chi_Minh"
LOCAL = ZoneInfo(ZONE)
#: A moment safely after October 2026, used as "now" when closing it.
AFTER_OCTOBER = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


def local(year, month, day, hour=9, minute=0, second=0) -> datetime:
    """Return a local Hanoi wall-clock time as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, second, tzinfo=LOCAL).astimezone(UTC)


def visit_for(db, officer, at: datetime) -> int:
    """Open and return the id of a visit at the officer's counter just before ``at``."""
    visit = Visit(site_id=officer.site_id, counter_id=officer.counters[0].id,
                  officer_id=officer.id, opened_at=at - timedelta(minutes=5), closed_at=at,
                  opened_via="api", token_hash=secrets.token_hex(32),
                  token_expires_at=at + timedelta(days=7))
    db.add(visit)
    db.flush()
    return visit.id


def rate(db, questionnaire, officer, at: datetime, level: int = 3, *, verified=True,
         answers=None, reported=(), now: datetime | None = None) -> Rating:
    """Record a rating through the real intake at ``at`` and return the stored row."""
    needs_reason = questionnaire.needs_reason(level)
    submission = RatingSubmission(
        id=uuid.uuid4(), source="kiosk", level=level, answers=answers or {},
        reported=tuple(reported), reason_text="Chờ lâu" if needs_reason else None,
        client_rated_at=at)
    context = RatingContext(site_id=officer.site_id, counter_id=officer.counters[0].id,
                            officer_id=officer.id,
                            visit_id=visit_for(db, officer, at) if verified else None)
    outcome = record_rating(db, questionnaire, submission, context, zone=ZONE,
                            now=now or at + timedelta(seconds=5))
    assert outcome.status == "created", outcome
    return db.get(Rating, outcome.id)


def exclude(db, rating: Rating, user, reason="Phiếu thử nghiệm") -> None:
    """Mark a rating excluded the way a leader would."""
    rating.excluded, rating.excluded_reason = True, reason
    rating.excluded_by_id, rating.excluded_at = user.id, datetime.now(UTC)
    db.flush()


def set_alerts(db, rating: Rating, status: str) -> None:
    """Give every misconduct alert of a rating the follow-up status ``status``."""
    for alert in db.scalars(select(Alert).where(Alert.rating_id == rating.id,
                                                Alert.kind == "misconduct")):
        alert.status = status
    db.flush()


def conduct(yes: int, no: int) -> dict[str, bool]:
    """Return "4 xin, 4 luôn" answers with ``yes`` Có and ``no`` Không."""
    codes = ["XIN_CHAO", "XIN_LOI", "XIN_CAM_ON", "XIN_PHEP", "LUON_MIM_CUOI",
             "LUON_NHE_NHANG", "LUON_LANG_NGHE", "LUON_GIUP_DO"]
    return {code: index < yes for index, code in enumerate(codes[:yes + no])}


def five_level_questionnaire(db, questionnaire):
    """Add a SIPAS-style 5-level version (satisfied from level 4) and return its view."""
    version = QuestionnaireVersion(
        questionnaire_id=db.get(QuestionnaireVersion, questionnaire.version_id).questionnaire_id,
        version=2, status="draft", scale_max=5, satisfied_min_level=4,
        reason_required_max_level=2)
    version.items = [QuestionItem(code=f"MUC_{level}", item_group="overall",
                                  label_vi=f"Mức {level}", label_en=f"Level {level}",
                                  position=5 - level, level=level) for level in range(5, 0, -1)]
    db.add(version)
    db.flush()
    return load_questionnaire(db, version.id)


def with_rubric(db):
    """Install the local plan's rubric (format 1, active from 2026-01-01)."""
    install_rubric(db, load_local_plan_rubric())
    db.flush()


def with_decree_rubric(db):
    """Install "NĐ 335/2025 – công chức một cửa" (active from 2026-01-01)."""
    install_rubric(db, load_default_rubric())
    db.flush()


def close_with_leader_scores(db, period: str, officers, scores: dict, *, ended: datetime,
                             user) -> None:
    """Open ``period``'s self-assessments, let them lapse, approve with ``scores``, close.

    ``ended`` is a moment after the period's end; the deadline falls a day later and the
    leader approves and closes an hour after that. ``scores`` maps A1–A3 to points.
    """
    from datetime import timedelta as _delta

    from models.engine import begin_write
    from models.ops.assessment import Entry, open_assessment
    from models.ops.assessment_steps import approve_without_self
    from models.ops.months import close_month

    deadline = ended + _delta(days=1)
    open_assessment(db, period, deadline=deadline, user_id=None, now=ended)
    for officer in officers:
        approve_without_self(db, officer.id, period,
                             {code: Entry(points, "Lãnh đạo chấm") for code, points
                              in scores.items()},
                             user=user, now=deadline + _delta(hours=1))
    db.commit()
    begin_write(db)
    close_month(db, period, zone=ZONE, now=deadline + _delta(hours=1))
    db.commit()


def quarterly_from(db, day) -> None:
    """Activate a quarterly copy of the rubric in force, from ``day`` (a date)."""
    from models import RubricVersion

    current = db.scalars(select(RubricVersion).where(RubricVersion.status == "active")
                         .order_by(RubricVersion.version.desc())).first()
    document = {**current.document, "period": "quarter", "effective_from": day.isoformat(),
                "version": current.version + 1}
    db.add(RubricVersion(name=current.name, version=current.version + 1, effective_from=day,
                         document=document, status="active"))
    db.flush()


def october_and_november_closed(db, questionnaire, make_officer, make_user) -> dict:
    """Close October and November 2026 under NĐ 335 for one officer; December stays open.

    Returns the officer ("hoa"), a leader and an HR account.
    """
    from models import DossierStat, TaskAssignment

    hoa = make_officer(full_name="Nguyễn Thị Hoa")
    leader, hr = make_user("leader", full_name="Nguyễn Văn Hùng"), make_user("hr")
    with_decree_rubric(db)
    for month in ("2026-10", "2026-11"):
        db.add(DossierStat(officer_id=hoa.id, period=month, received=40, resolved_early=30,
                           resolved_on_time=10, resolved_late=0, digitised=40))
        db.add(TaskAssignment(officer_id=hoa.id, period=month, assigned=40))
    rate(db, questionnaire, hoa, local(2026, 10, 8), 3)
    db.commit()
    close_with_leader_scores(db, "2026-10", [hoa], {"A1": 10, "A2": 15, "A3": 5},
                             ended=datetime(2026, 11, 2, tzinfo=UTC), user=leader)
    close_with_leader_scores(db, "2026-11", [hoa], {"A1": 8, "A2": 12, "A3": 3},
                             ended=datetime(2026, 12, 2, tzinfo=UTC), user=leader)
    return {"hoa": hoa, "leader": leader, "hr": hr}
