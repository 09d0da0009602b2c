"""The per-officer monthly sheet (staff and the officer's own view) and its ratings."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.common.formats import pick
from admin.common.nav import add_nav
from admin.common.periods import requested_month, zone
from admin.evaluation.labels import (
    CONTEST_STATUS,
    INPUT_LABELS,
    MONTH_STATUS,
    RATING_KINDS,
    RATING_SOURCES,
)
from admin.people.auth import require_roles
from admin.people.scope import can, visible_officer
from evaluation.periods import period_window_utc
from evaluation.report import MonthReport
from evaluation.results import NOT_APPLICABLE_REASONS
from models import Officer
from models.queries.month import compute_month
from models.queries.month_inputs import month_dossiers
from models.queries.month_ratings import RATING_FILTERS, level_labels, officer_month_ratings
from models.queries.questionnaires import load_active_questionnaire
from models.queries.register import FIGURES
from models.queries.rubrics import NoRubricInForce
from web.db import get_session

add_nav("admin.my_sheet", _l("My monthly sheet"), ("officer",), order=22)


def _sheet(report: MonthReport, officer: Officer, own_view: bool):
    """Render one officer's sheet from a month's report."""
    mine = officer.id
    rubric = report.rubric.rubric
    return render_template(
        "evaluation/sheet.html", report=report, officer=officer, own_view=own_view,
        result=report.officer_result(mine), inputs=report.officer_inputs(mine),
        criteria={c.code: c for c in rubric.criteria},
        grade_labels={t.grade: t for t in rubric.grades}, input_labels=INPUT_LABELS,
        not_applicable=NOT_APPLICABLE_REASONS, status_label=MONTH_STATUS[report.status],
        exclusions=[r for r in report.exclusions if r.officer_id == mine],
        contested=[r for r in report.contested if r.officer_id == mine],
        late=[r for r in report.late if r.officer_id == mine], contest_status=CONTEST_STATUS,
        site_size=sum(1 for o in report.result.officers if o.site_id == officer.site_id),
        can_edit_inputs=not own_view and can("leader"),
        level_names=_level_names(),
        from_register=mine in month_dossiers(get_session(), report.period).from_register,
        register_figures=FIGURES,
    )


def _level_names():
    """Return a function printing level counts with the active questionnaire's labels."""
    questionnaire = load_active_questionnaire(get_session())
    labels = {str(item.level): pick(item.label_vi, item.label_en)
              for item in (questionnaire.levels if questionnaire else ())}

    def names(levels) -> str:
        return ", ".join(f"{labels.get(level, level)}: {count}" for level, count in levels
                         if count or level in labels)

    return names


def _render_for(officer: Officer, own_view: bool):
    month = requested_month()
    try:
        report = compute_month(get_session(), month, zone=zone())
    except NoRubricInForce:
        return render_template("evaluation/no_rubric.html", period=str(month),
                               can_edit_rubrics=can("leader", "hr"))
    return _sheet(report, officer, own_view)


@require_roles("leader", "hr", "liaison")
def officer_sheet(officer_id: int):
    """Show an officer's monthly sheet: every criterion, its inputs and points."""
    return _render_for(visible_officer(officer_id), own_view=False)


@require_roles("officer")
def my_sheet():
    """Show the signed-in officer their own monthly sheet."""
    officer_id = current_user.user.officer_id
    if officer_id is None:
        return redirect(url_for("admin.ranking", month=request.args.get("month")))
    return _render_for(visible_officer(officer_id), own_view=True)


@require_roles("leader", "hr", "liaison")
def officer_ratings(officer_id: int):
    """List the ratings behind an officer's monthly tally, page by page."""
    officer = visible_officer(officer_id)
    month = requested_month()
    kind = request.args.get("kind", "all")
    if kind not in RATING_FILTERS:
        abort(400)
    start, end = period_window_utc(month, zone())
    session = get_session()
    page = officer_month_ratings(session, officer.id, start, end, kind=kind,
                                 page=request.args.get("page", 1, type=int))
    return render_template(
        "evaluation/ratings.html", officer=officer, period=str(month), kind=kind,
        page=page, kinds=RATING_KINDS, sources=RATING_SOURCES, levels=level_labels(session))
