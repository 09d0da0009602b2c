"""Change marks for a month's computation: a random token replaced by a trigger on every
change of an evaluation input, so that a computed month is reused only while nothing it was
computed from has changed (models/queries/month_cache.py).

Two kinds of marks, both written only by database triggers (migration 20261208_5e1f0c3a9b7d):

* ``evaluation_input_state`` — one row (id 1) whose token changes on every insert, update or
  delete (PostgreSQL: also truncate) of any table in :data:`INPUT_TABLES`;
* ``rating_changes`` — one row per officer (0 for ratings tied to no officer) whose token
  changes on every insert, update or delete of one of that officer's ratings, so that new
  ratings only send their own officers' tallies to be counted again;
* ``rating_day_changes`` (migration 20261208_6a2d4e8f1c3b) — one row per officer and UTC
  day of ``rated_at`` whose token changes on every insert, update or delete of one of that
  officer's ratings of that day (an update marks the day it left and the day it moved to),
  so that a day's tallies are counted again only when one of its ratings changed.

Tokens are random, not counters: a database emptied, restored or rebuilt can never show a
token that an older state of another database had.
"""

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

#: Tables whose change may change a month's figures or lists (ratings have their own marks).
#: Every table is either here, in NOT_INPUTS, or ``ratings`` (tests/models/test_input_state.py).
INPUT_TABLES = (
    "alerts", "breach_entries", "degradation_conclusions", "department_heads", "departments",
    "discipline_decisions", "dossier_imports", "dossier_stats", "dossiers",
    "evaluation_months", "evaluation_scores", "evaluation_sheets", "leader_assessments",
    "leading_posts", "month_events", "officers", "outstanding_units", "question_items",
    "questionnaire_versions", "questionnaires", "rating_contests", "rating_flags",
    "register_imports", "rubric_versions", "settings", "sites", "task_assignments",
    "task_waivers", "user_departments", "users",
)
#: Tables no month figure is computed from: logs, sessions, devices, throttles, visits (a
#: rating carries what it needs of its visit), answers (the "4 xin, 4 luôn" counts are kept on
#: the rating), the stored dashboards (computed from the month), the marks themselves, the
#: one-time codes of the console's long forms, the year's gradings (made from closed months).
NOT_INPUTS = (
    "alert_events", "api_keys", "audit_chain_head", "audit_log", "counter_assignments",
    "counters", "dashboard_days", "dashboard_months", "dossier_changes", "evaluation_input_state",
    "form_submissions", "job_runs",
    "lockout_alerts", "officer_sign_ins", "pairing_codes", "pin_lockout_events", "pin_lockouts",
    "rating_answers", "rating_changes", "rating_day_changes", "rating_origins", "recovery_codes",
    "register_mappings",
    "staff_sessions", "survey_lookups", "tablets", "throttle_windows", "visits",
    "year_gradings",
)


class EvaluationInputState(Base):
    """The token of the current state of every evaluation input but the ratings."""

    __tablename__ = "evaluation_input_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(64))


class RatingChange(Base):
    """The token of the current state of one officer's ratings (officer 0: no officer)."""

    __tablename__ = "rating_changes"

    officer_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(64))


class RatingDayChange(Base):
    """The token of the current state of one officer's ratings of one UTC day (officer 0: no
    officer)."""

    __tablename__ = "rating_day_changes"

    officer_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    #: The UTC calendar day of ``rated_at``.
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    token: Mapped[str] = mapped_column(String(64))
