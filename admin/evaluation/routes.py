"""The evaluation room's URLs. The monthly evaluation: months, inputs, rubrics, sheets, the
ranking, reports, the year, and the NĐ 335 workflow.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.blueprint import bp
from admin.evaluation import (
    annual,
    contests,
    dossier_import,
    exports,
    inputs,
    leadership,
    months,
    ranking,
    reports,
    rubrics,
    sheets,
    task_inputs,
)
from admin.evaluation.assessment import board, sheet

# annual
bp.add_url_rule("/annual", view_func=annual.annual, methods=["GET"])
bp.add_url_rule("/annual/<int:year>/grade", view_func=annual.annual_grade, methods=["POST"])
bp.add_url_rule("/settings/annual", view_func=annual.annual_settings, methods=["GET", "POST"])

# contests
bp.add_url_rule("/contests", view_func=contests.contests, methods=["GET"])
bp.add_url_rule(
    "/contests/<int:contest_id>/decide",
    view_func=contests.contest_decide,
    methods=["POST"],
)

# dossier_import
bp.add_url_rule(
    "/inputs/dossiers",
    view_func=dossier_import.dossier_import,
    methods=["GET", "POST"],
)

# exports
bp.add_url_rule("/reports/evaluations.csv", view_func=exports.evaluations_csv, methods=["GET"])
bp.add_url_rule("/reports/evaluations.xlsx", view_func=exports.evaluations_xlsx, methods=["GET"])

# inputs
bp.add_url_rule("/inputs", view_func=inputs.inputs, methods=["GET"])
bp.add_url_rule(
    "/inputs/officers/<int:officer_id>",
    view_func=inputs.officer_inputs,
    methods=["GET"],
)
bp.add_url_rule(
    "/inputs/officers/<int:officer_id>/breaches",
    view_func=inputs.breach_add,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/officers/<int:officer_id>/discipline",
    view_func=inputs.discipline_add,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/breaches/<int:entry_id>/delete",
    view_func=inputs.breach_delete,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/discipline/<int:entry_id>/delete",
    view_func=inputs.discipline_delete,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/officers/<int:officer_id>/leader-score",
    view_func=inputs.leader_score_set,
    methods=["POST"],
)

# leadership
bp.add_url_rule(
    "/inputs/officers/<int:officer_id>/posts",
    view_func=leadership.post_add,
    methods=["POST"],
)
bp.add_url_rule("/inputs/posts/<int:post_id>/end", view_func=leadership.post_end, methods=["POST"])
bp.add_url_rule(
    "/inputs/posts/<int:post_id>/delete",
    view_func=leadership.post_delete,
    methods=["POST"],
)
bp.add_url_rule(
    "/outstanding-units",
    view_func=leadership.outstanding_units,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/outstanding-units/<int:entry_id>/delete",
    view_func=leadership.outstanding_unit_delete,
    methods=["POST"],
)

# months
bp.add_url_rule("/months", view_func=months.months, methods=["GET"])
bp.add_url_rule("/months/<period>", view_func=months.month_detail, methods=["GET"])
bp.add_url_rule("/months/<period>/close", view_func=months.month_close, methods=["POST"])
bp.add_url_rule("/months/<period>/reopen", view_func=months.month_reopen, methods=["POST"])

# ranking
bp.add_url_rule("/ranking", view_func=ranking.ranking, methods=["GET"])

# reports
bp.add_url_rule("/reports/ranking.pdf", view_func=reports.ranking_pdf, methods=["GET"])
bp.add_url_rule("/reports/ranking.xlsx", view_func=reports.ranking_xlsx, methods=["GET"])
bp.add_url_rule(
    "/ranking/officers/<int:officer_id>/sheet.pdf",
    view_func=reports.officer_sheet_pdf,
    methods=["GET"],
)
bp.add_url_rule("/my-sheet.pdf", view_func=reports.my_sheet_pdf, methods=["GET"])

# rubrics
bp.add_url_rule("/rubrics", view_func=rubrics.rubrics, methods=["GET"])
bp.add_url_rule("/rubrics/<int:version_id>", view_func=rubrics.rubric_view, methods=["GET"])
bp.add_url_rule(
    "/rubrics/<int:version_id>/clone",
    view_func=rubrics.rubric_clone,
    methods=["POST"],
)
bp.add_url_rule(
    "/rubrics/<int:version_id>/edit",
    view_func=rubrics.rubric_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/rubrics/<int:version_id>/activate",
    view_func=rubrics.rubric_activate,
    methods=["POST"],
)
bp.add_url_rule(
    "/rubrics/<int:version_id>/retire",
    view_func=rubrics.rubric_retire,
    methods=["POST"],
)

# sheets
bp.add_url_rule(
    "/ranking/officers/<int:officer_id>",
    view_func=sheets.officer_sheet,
    methods=["GET"],
)
bp.add_url_rule("/my-sheet", view_func=sheets.my_sheet, methods=["GET"])
bp.add_url_rule(
    "/ranking/officers/<int:officer_id>/ratings",
    view_func=sheets.officer_ratings,
    methods=["GET"],
)

# task_inputs
bp.add_url_rule(
    "/inputs/officers/<int:officer_id>/assignment",
    view_func=task_inputs.assignment_set,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/officers/<int:officer_id>/waivers",
    view_func=task_inputs.waiver_add,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/officers/<int:officer_id>/degradation",
    view_func=task_inputs.degradation_add,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/waivers/<int:entry_id>/delete",
    view_func=task_inputs.waiver_delete,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/degradation/<int:entry_id>/delete",
    view_func=task_inputs.degradation_delete,
    methods=["POST"],
)
bp.add_url_rule(
    "/inputs/assignments/import",
    view_func=task_inputs.assignment_import,
    methods=["GET", "POST"],
)

# the NĐ 335 workflow (assessment/)
bp.add_url_rule("/assessment", view_func=board.assessment_board, methods=["GET"])
bp.add_url_rule("/assessment/open", view_func=board.assessment_open, methods=["POST"])
bp.add_url_rule("/assessment/end", view_func=board.assessment_end, methods=["POST"])
bp.add_url_rule("/assessment/remind", view_func=board.assessment_remind, methods=["POST"])
bp.add_url_rule("/my-assessment", view_func=board.my_assessment, methods=["GET"])
bp.add_url_rule(
    "/assessment/<period>/officers/<int:officer_id>",
    view_func=sheet.assessment_sheet,
    methods=["GET"],
)
bp.add_url_rule(
    "/assessment/<period>/officers/<int:officer_id>/self",
    view_func=sheet.assessment_self,
    methods=["POST"],
)
bp.add_url_rule(
    "/assessment/<period>/officers/<int:officer_id>/review",
    view_func=sheet.assessment_review,
    methods=["POST"],
)
bp.add_url_rule(
    "/assessment/<period>/officers/<int:officer_id>/approve",
    view_func=sheet.assessment_approve,
    methods=["POST"],
)
bp.add_url_rule(
    "/assessment/<period>/officers/<int:officer_id>/send-back",
    view_func=sheet.assessment_send_back,
    methods=["POST"],
)
bp.add_url_rule(
    "/assessment/<period>/officers/<int:officer_id>/not-submitted",
    view_func=sheet.assessment_not_submitted,
    methods=["POST"],
)
