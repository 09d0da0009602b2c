"""The annual grading's calendar: from when a year may be graded, and its deadline."""

# NĐ 335/2025, Điều 19 (docs/legal.md row 33): the year is graded before 15 December. The
# product reads "after 15 December" as late: grading on the 15th itself is on time, from the
# 16th it is late and needs a written reason (a local reading, docs/legal.md row 43). The day
# from which the year may be graded (default 1 December) is a local choice (row 44): the year
# is then graded on the periods closed at that moment, the months not closed yet left out,
# not counted as zero.

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: NĐ 335/2025, Điều 19: the annual grading is due by 15 December (day, month).
DEFAULT_DEADLINE = (15, 12)
#: Local choice (editable): the year may be graded from 1 December (day, month).
DEFAULT_OPENS = (1, 12)

_DAY_MONTH = re.compile(r"\s*(\d{1,2})\s*/\s*(\d{1,2})\s*")
#: Days in each month; 29 February is refused, as it does not exist every year.
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class DeadlineError(ValueError):
    """A day/month setting that cannot be used; ``code`` names the problem."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def parse_day_month(text: str) -> tuple[int, int]:
    """Parse "15/12" (day/month) into ``(15, 12)``.

    :raises DeadlineError: ``bad_format`` (not D/M or DD/MM), ``bad_day`` (no such day in
        every year: 31/04, 29/02, 0/12…).
    """
    match = _DAY_MONTH.fullmatch(text or "")
    if match is None:
        raise DeadlineError("bad_format",
                            f"a day is written DD/MM, for example 15/12; got {text!r}")
    day, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS[month - 1]:
        raise DeadlineError("bad_day", f"{day:02d}/{month:02d} is not a day of every year")
    return day, month


def format_day_month(value: tuple[int, int]) -> str:
    """Return ``(15, 12)`` as "15/12"."""
    return f"{value[0]:02d}/{value[1]:02d}"


@dataclass(frozen=True)
class AnnualWindow:
    """A year's grading calendar: graded from ``opens``, due by ``deadline`` (both included)."""

    year: int
    opens: date
    deadline: date


def annual_window(year: int, opens: tuple[int, int] = DEFAULT_OPENS,
                  deadline: tuple[int, int] = DEFAULT_DEADLINE) -> AnnualWindow:
    """Return the calendar of ``year`` from (day, month) settings.

    :raises DeadlineError: ``opens_after_deadline`` when grading would open after the
        deadline; ``bad_day`` for a day that does not exist.
    """
    for value in (opens, deadline):
        if not 1 <= value[1] <= 12 or not 1 <= value[0] <= _DAYS[value[1] - 1]:
            raise DeadlineError("bad_day", f"{format_day_month(value)} is not a day of every year")
    window = AnnualWindow(year, date(year, opens[1], opens[0]),
                          date(year, deadline[1], deadline[0]))
    if window.opens > window.deadline:
        raise DeadlineError("opens_after_deadline",
                            "the year's grading must open on or before its deadline")
    return window


#: Phases of a year's grading on a given day.
NOT_OPEN, OPEN, LATE = "not_open", "open", "late"


@dataclass(frozen=True)
class DeadlineState:
    """Where a day stands against a year's grading calendar."""

    phase: str
    #: Days from the day to the deadline: 0 on the deadline, negative once it has passed.
    days_left: int

    @property
    def may_grade(self) -> bool:
        """Say whether the year may be graded (on time or late) on that day."""
        return self.phase != NOT_OPEN

    @property
    def late(self) -> bool:
        """Say whether grading on that day is late (needs a written reason)."""
        return self.phase == LATE


def deadline_state(window: AnnualWindow, today: date) -> DeadlineState:
    """Return the phase of ``today`` (a local calendar day) and the days to the deadline."""
    days_left = (window.deadline - today).days
    if today < window.opens:
        return DeadlineState(NOT_OPEN, days_left)
    return DeadlineState(LATE if today > window.deadline else OPEN, days_left)


def year_to_show(today: date, window_of) -> int:
    """Return the year whose grading a console home shows on ``today``.

    From the day grading opens, the current year; before it, the previous one (graded late,
    if it was not graded on time). ``window_of(year)`` returns that year's ``AnnualWindow``.
    """
    return today.year if today >= window_of(today.year).opens else today.year - 1


#: Days before the deadline on which the leaders are e-mailed (local choice): a week, three
#: days, the eve and the day itself.
REMINDER_DAYS = (7, 3, 1, 0)


def reminder_due(window: AnnualWindow, today: date) -> bool:
    """Say whether the leaders are e-mailed about a year not yet graded on ``today``.

    Policy (local choice, docs/legal.md row 48): on the opening day, 7, 3 and 1 day(s)
    before the deadline and on it; once late, the day after the deadline and every week
    after that, until the year is graded.
    """
    state = deadline_state(window, today)
    if not state.may_grade:
        return False
    if state.late:
        return -state.days_left % 7 == 1
    return today == window.opens or state.days_left in REMINDER_DAYS
