"""evaluate_month's progress hook: it hears of every officer scored and changes nothing."""

from hypothesis import given
from hypothesis import strategies as st

from evaluation.engine import evaluate_month
from evaluation.inputs import MonthInputs
from tests.evaluation import test_nd335_properties as decree
from tests.evaluation import test_properties as local


class Heard:
    """A progress hook that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def _assert_counts_every_officer(calls, month: MonthInputs) -> None:
    total = len(month.officers)
    assert calls == [(done, total) for done in range(total + 1)]


@given(month=local.months())
def test_the_hook_never_changes_a_month_under_the_local_plan(month):
    heard = Heard()
    assert evaluate_month(local.DEFAULT, month, heard) == evaluate_month(local.DEFAULT, month)
    _assert_counts_every_officer(heard.calls, month)


@given(rubric=st.sampled_from([decree.DECREE, decree.LOCAL]) | decree.decree_rubrics(),
       month=decree.months())
def test_the_hook_never_changes_a_month_under_the_decree(rubric, month):
    heard = Heard()
    assert evaluate_month(rubric, month, progress=heard) == evaluate_month(rubric, month)
    _assert_counts_every_officer(heard.calls, month)


def test_an_empty_month_reports_nothing_to_do():
    heard = Heard()
    result = evaluate_month(local.DEFAULT, MonthInputs("2026-10", (), ()), heard)
    assert result.officers == () and heard.calls == [(0, 0)]
