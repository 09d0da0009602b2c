"""How console pages write numbers, shares, instants and months, and pick a text's language.

The filters and globals are offered to every template (``eval_points``, ``eval_month``, …).
"""

from datetime import timedelta

from flask import g
from flask_babel import format_datetime, format_decimal, get_locale
from flask_babel import gettext as _

from admin.blueprint import bp
from models.queries.questionnaires import load_active_questionnaire
from web.db import get_session


def pick(vi: str, en: str) -> str:
    """Return the Vietnamese or English text of a pair, by the page's language."""
    return en if str(get_locale()) == "en" else vi


@bp.app_template_filter("eval_points")
def points_filter(value) -> str:
    """Format points or a total with two decimals in the page's language; — for none."""
    return "—" if value is None else format_decimal(value, format="#,##0.00")


@bp.app_template_filter("eval_number")
def number_filter(value) -> str:
    """Format a plain number with at most two decimals (10, 7,5)."""
    return "—" if value is None else format_decimal(value, format="#,##0.##")


@bp.app_template_filter("eval_share")
def share_filter(value) -> str:
    """Format a share (0.9167) as a percentage with two decimals (91,67%)."""
    return "—" if value is None else format_decimal(value * 100, format="#,##0.00") + "%"


@bp.app_template_filter("eval_when")
def when_filter(value) -> str:
    """Format an instant in local time, day first."""
    return "—" if value is None else format_datetime(value, "dd/MM/yyyy HH:mm")


@bp.app_template_filter("eval_month")
def month_filter(period) -> str:
    """Format "2026-10" as "10/2026", the way months are written in Vietnam; a quarter
    "2026-Q4" as "quý IV/2026"."""
    text = str(period)
    if text[5:6] == "Q":
        roman = ("I", "II", "III", "IV")[int(text[6]) - 1]
        return _("quarter %(quarter)s/%(year)s", quarter=roman, year=text[:4])
    return f"{text[5:7]}/{text[:4]}"


@bp.app_template_filter("eval_plain")
def plain_filter(value) -> str:
    """Format a number for a form field: a dot, no grouping, no trailing zeros (7.5)."""
    return "" if value is None else f"{value:g}"


@bp.app_template_filter("eval_last_day")
def last_day_filter(deadline) -> str:
    """Format a deadline (the local midnight ending a day) as that day, 05/12/2026."""
    if deadline is None:
        return "—"
    return format_datetime(deadline - timedelta(seconds=1), "dd/MM/yyyy")


@bp.app_template_global("eval_level")
def level_global(level) -> str:
    """Name a rating's overall level ("Không hài lòng", not "1") by the active questionnaire."""
    if "eval_level_labels" not in g:
        questionnaire = load_active_questionnaire(get_session())
        g.eval_level_labels = {item.level: (item.label_vi, item.label_en)
                               for item in (questionnaire.levels if questionnaire else ())}
    label = g.eval_level_labels.get(level)
    return pick(*label) if label else str(level)


@bp.app_template_global("eval_text")
def text_global(vi: str, en: str) -> str:
    """Choose the Vietnamese or English text of a pair in templates."""
    return pick(vi, en)
