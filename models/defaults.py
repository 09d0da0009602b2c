"""The defaults a new centre starts from: the "4 xin, 4 luôn, 5 không" questionnaire and the
docs/domain.md rubric, both as data."""

from dataclasses import replace

from sqlalchemy import func, select

from evaluation import (
    Rubric,
    RubricError,
    load_default_rubric,
    load_local_plan_rubric,
    parse_rubric,
    rubric_to_dict,
)
from models.base import utcnow
from models.evaluation import RubricVersion
from models.questionnaires import QuestionItem, Questionnaire, QuestionnaireVersion

DEFAULT_QUESTIONNAIRE_CODE = "QT-4X4L5K"

#: (code, group, Vietnamese label, English label, level)
DEFAULT_ITEMS = (
    ("RAT_HAI_LONG", "overall", "Rất hài lòng", "Very satisfied", 3),
    ("HAI_LONG", "overall", "Hài lòng", "Satisfied", 2),
    ("KHONG_HAI_LONG", "overall", "Không hài lòng", "Not satisfied", 1),
    ("XIN_CHAO", "4xin", "Xin chào", "Greeted you (xin chào)", None),
    ("XIN_LOI", "4xin", "Xin lỗi", "Apologised when needed (xin lỗi)", None),
    ("XIN_CAM_ON", "4xin", "Xin cảm ơn", "Thanked you (xin cảm ơn)", None),
    ("XIN_PHEP", "4xin", "Xin phép", "Asked your permission (xin phép)", None),
    ("LUON_MIM_CUOI", "4luon", "Luôn mỉm cười", "Always smiling", None),
    ("LUON_NHE_NHANG", "4luon", "Luôn nhẹ nhàng", "Always gentle", None),
    ("LUON_LANG_NGHE", "4luon", "Luôn lắng nghe", "Always listening", None),
    ("LUON_GIUP_DO", "4luon", "Luôn giúp đỡ", "Always helpful", None),
    (
        "KHONG_CUA_QUYEN",
        "5khong",
        "Cửa quyền, hách dịch, gây khó khăn, phiền hà",
        "Arrogance, bossiness, making things difficult or troublesome",
        None,
    ),
    (
        "KHONG_QUAN_LIEU",
        "5khong",
        "Quan liêu, vô cảm, vô trách nhiệm",
        "Bureaucracy, indifference, irresponsibility",
        None,
    ),
    (
        "KHONG_THAM_NHUNG",
        "5khong",
        "Tham nhũng, lãng phí, lợi ích nhóm",
        "Corruption, waste, group interests",
        None,
    ),
    (
        "KHONG_XU_NINH",
        "5khong",
        "Xu nịnh, chạy chọt, gian dối",
        "Flattery, string-pulling, deceit",
        None,
    ),
    (
        "KHONG_LOI_DUNG",
        "5khong",
        "Lợi dụng chức vụ, quyền hạn trong thực thi công vụ",
        "Abuse of position or power in official duties",
        None,
    ),
    ("LY_DO_CHO_LAU", "reason", "Thời gian chờ đợi lâu", "Waited too long", None),
    (
        "LY_DO_HUONG_DAN",
        "reason",
        "Hướng dẫn chưa rõ ràng, đầy đủ",
        "Guidance unclear or incomplete",
        None,
    ),
    ("LY_DO_THAI_DO", "reason", "Thái độ phục vụ chưa tốt", "Poor attitude", None),
    (
        "LY_DO_GIAY_TO",
        "reason",
        "Yêu cầu giấy tờ không cần thiết",
        "Asked for unnecessary papers",
        None,
    ),
    ("LY_DO_TRE_HEN", "reason", "Trả kết quả trễ hẹn", "Result returned late", None),
)


def install_default_questionnaire(session) -> QuestionnaireVersion | None:
    """Create and activate the default questionnaire when none exists; flush, never commit."""
    if session.scalar(select(func.count(Questionnaire.id))):
        return None
    questionnaire = Questionnaire(
        code=DEFAULT_QUESTIONNAIRE_CODE,
        name='Phiếu đánh giá "4 xin, 4 luôn, 5 không"',
    )
    version = QuestionnaireVersion(
        questionnaire=questionnaire,
        version=1,
        status="active",
        scale_max=3,
        satisfied_min_level=2,
        reason_required_max_level=1,
        activated_at=utcnow(),
        note="Mặc định: ba mức hài lòng theo NĐ 118/2025/NĐ-CP",
    )
    version.items = [
        QuestionItem(
            code=code, item_group=group, label_vi=vi, label_en=en, position=index, level=level
        )
        for index, (code, group, vi, en, level) in enumerate(DEFAULT_ITEMS)
    ]
    session.add(version)
    session.flush()
    return version


def install_rubric(session, rubric: Rubric, status: str = "active") -> RubricVersion:
    """Store a rubric as a version (active, or a draft to start from); flush only."""
    version = RubricVersion(
        name=rubric.name,
        version=rubric.version,
        effective_from=rubric.effective_from,
        document=rubric_to_dict(rubric),
        status=status,
        activated_at=utcnow() if status == "active" else None,
    )
    session.add(version)
    session.flush()
    return version


def _stored(session, name: str) -> bool:
    return bool(session.scalar(select(func.count(RubricVersion.id))
                               .where(RubricVersion.name == name)))


def _rules(document: dict) -> dict:
    """Return a rubric document without what a new version changes anyway (number, date)."""
    return {key: value for key, value in document.items()
            if key not in ("version", "effective_from")}


def _shipped_is_new(session, rubric: Rubric) -> bool:
    """Tell whether no stored version of ``rubric``'s name has its rules.

    Each stored document is read with today's code and written back, so a version stored by
    an earlier release compares by its rules, not by the keys that release wrote.
    """
    shipped = _rules(rubric_to_dict(rubric))
    for document in session.scalars(select(RubricVersion.document)
                                    .where(RubricVersion.name == rubric.name)):
        try:
            if _rules(rubric_to_dict(parse_rubric(document))) == shipped:
                return False
        except RubricError:
            continue
    return True


def _install_update(session, rubric: Rubric) -> RubricVersion:
    """Store a changed shipped rubric as a draft under the next version number."""
    last = session.scalar(select(func.max(RubricVersion.version))
                          .where(RubricVersion.name == rubric.name))
    return install_rubric(session, replace(rubric, version=last + 1), "draft")


def install_default_rubric(session) -> RubricVersion | None:
    """Store the shipped rubrics that are missing or changed; flush only.

    On a database without any rubric, "NĐ 335/2025 – công chức một cửa" is stored active
    (from 2026-01-01) and the local template "Kế hoạch Trung tâm (bộ tiêu chí địa
    phương)" as a draft to start from. On a database that has rubrics already (an
    upgrade), each missing one is stored as a draft: nothing already in force changes,
    and a leader activates the decree's rubric from a date of their choosing. A shipped
    rubric whose rules differ from every stored version of its name (a release that changed
    it, e.g. the leaders' six items) is stored as a draft under the next version number, for
    a leader to compare and activate; running the command again stores nothing more.
    Returns a version stored (the NĐ 335 one first), else None.
    """
    first = not session.scalar(select(func.count(RubricVersion.id)))
    stored = None
    decree, local = load_default_rubric(), load_local_plan_rubric()
    if not _stored(session, decree.name):
        stored = install_rubric(session, decree, "active" if first else "draft")
    elif _shipped_is_new(session, decree):
        stored = _install_update(session, decree)
    template = None
    if not _stored(session, local.name):
        template = install_rubric(session, local, "draft")
    elif _shipped_is_new(session, local):
        template = _install_update(session, local)
    return stored or template
