"""Pure monthly evaluation rules: rubric, scoring, grading, ranking and month windows."""

from .collation import person_name_sort_key, vietnamese_sort_key
from .engine import evaluate_month, evaluate_year, result_from_dict, result_to_dict
from .grades import Grade
from .inputs import (
    Breach,
    ConductItemTally,
    ConductTally,
    DossierStats,
    MonthInputs,
    OfficerMonth,
    RatingTally,
    SiteMonth,
)
from .periods import Month, PeriodError, month_of_instant, month_window_utc, parse_month
from .ranking import RankCandidate, rank_officers
from .results import MonthResult, OfficerResult, YearResult
from .rubric import (
    RubricError,
    load_default_rubric,
    load_local_plan_rubric,
    parse_rubric,
    rubric_to_dict,
)
from .rubric_schema import Rubric

__all__ = [
    "Breach", "ConductItemTally", "ConductTally", "DossierStats", "Grade", "Month",
    "MonthInputs", "MonthResult", "OfficerMonth", "OfficerResult", "PeriodError", "RankCandidate",
    "RatingTally", "Rubric", "RubricError", "SiteMonth", "YearResult", "evaluate_month",
    "evaluate_year", "load_default_rubric", "load_local_plan_rubric", "month_of_instant",
    "month_window_utc", "parse_month", "parse_rubric", "person_name_sort_key", "rank_officers",
    "result_from_dict", "result_to_dict", "rubric_to_dict", "vietnamese_sort_key",
]
