"""compute_month's progress hook: what it hears, and that it never changes the month.

A live computation reports the officers whose ratings are counted (in SQL, a batch at a time
when a hook listens) and the officers scored; the result, the month cache and a closing are
the same with the hook as without it.
"""

import pytest

from models.ops.months import close_month
from models.queries import month_cache, month_inputs
from models.queries.month import STEPS, compute_month
from tests.monthdata import AFTER_OCTOBER, ZONE, local, rate, with_decree_rubric, with_rubric

PERIOD = "2026-10"


class Heard:
    """A ``progress(step, done, total)`` hook that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []

    def __call__(self, step: str, done: int, total: int) -> None:
        self.calls.append((step, done, total))

    def of(self, step: str) -> list[tuple[int, int]]:
        return [(done, total) for name, done, total in self.calls if name == step]


pytestmark = pytest.mark.usefixtures("forget_kept_months")


@pytest.fixture
def month(db, questionnaire, make_officer):
    """Five officers: three rated in October (one unverified), two not rated at all."""
    officers = [make_officer(code=f"CB{n:04d}", full_name=f"Cán bộ {n}") for n in range(1, 6)]
    for day, (officer, level) in enumerate([(officers[0], 3), (officers[0], 2),
                                            (officers[1], 1), (officers[3], 3)], start=3):
        rate(db, questionnaire, officer, local(2026, 10, day), level=level)
    rate(db, questionnaire, officers[1], local(2026, 10, 20), level=3, verified=False)
    db.commit()
    return {"officers": officers, "questionnaire": questionnaire}


def _figures(report):
    return (report.inputs, report.result, report.exclusions, report.contested, report.flags,
            report.late, report.status, report.rubric)


@pytest.mark.parametrize("rubric", ["local plan", "decree"])
@pytest.mark.parametrize("batch", [1, 2, 3, 100])
def test_the_hook_never_changes_the_computed_month(db, month, monkeypatch, rubric, batch):
    (with_rubric if rubric == "local plan" else with_decree_rubric)(db)
    db.commit()
    monkeypatch.setattr(month_inputs, "TALLY_BATCH", batch)
    quiet = compute_month(db, PERIOD, zone=ZONE)
    month_cache.clear()
    heard = Heard()
    watched = compute_month(db, PERIOD, zone=ZONE, progress=heard)
    assert watched is not quiet
    assert _figures(watched) == _figures(quiet)
    total = len(month["officers"])
    counted = [0, *range(batch, total, batch), total]
    assert heard.of("ratings") == [(done, total) for done in counted]
    scored = len(quiet.result.officers)  # the officers evaluated: those rated, here
    assert scored == 3
    assert heard.of("officers") == [(done, scored) for done in range(scored + 1)]
    assert [step for step, _done, _total in heard.calls] == sorted(
        (step for step, _done, _total in heard.calls), key=STEPS.index)


def test_batched_tallies_are_the_one_query_s_tallies(db, month, monkeypatch):
    start, end = local(2026, 10, 1, 0), local(2026, 11, 1, 0)
    whole = month_inputs.rating_tallies(db, start, end)
    assert len(whole) == 3  # the officers without ratings are left out
    for batch in (1, 2, 4, 5, 6):
        monkeypatch.setattr(month_inputs, "TALLY_BATCH", batch)
        heard = []
        assert month_inputs.rating_tallies(db, start, end, progress=_keep(heard)) == whole
        assert heard[0] == (0, 5) and heard[-1] == (5, 5)
        some = {month["officers"][1].id, month["officers"][2].id}
        heard = []
        assert month_inputs.rating_tallies(db, start, end, some, progress=_keep(heard)) == {
            k: v for k, v in whole.items() if k in some}
        assert heard[0] == (0, 2) and heard[-1] == (2, 2)


def _keep(calls):
    return lambda done, total: calls.append((done, total))


def test_a_kept_month_reports_nothing_and_only_changed_officers_are_counted_again(db, month):
    with_rubric(db)
    db.commit()
    first = compute_month(db, PERIOD, zone=ZONE)
    heard = Heard()
    assert compute_month(db, PERIOD, zone=ZONE, progress=heard) is first
    assert heard.calls == []
    rate(db, month["questionnaire"], month["officers"][4], local(2026, 10, 25), level=1)
    db.commit()
    after = compute_month(db, PERIOD, zone=ZONE, progress=heard)
    assert heard.of("ratings") == [(0, 1), (1, 1)]  # only the officer just rated
    assert heard.of("officers")[-1] == (4, 4)  # now four officers are rated
    month_cache.clear()
    assert _figures(compute_month(db, PERIOD, zone=ZONE)) == _figures(after)


def test_closing_with_the_hook_freezes_what_a_computation_without_it_gives(db, month):
    with_rubric(db)
    db.commit()
    live = compute_month(db, PERIOD, zone=ZONE)
    month_cache.clear()
    heard = Heard()
    closed = close_month(db, PERIOD, zone=ZONE, now=AFTER_OCTOBER, progress=heard)
    db.commit()
    assert (closed.inputs, closed.result) == (live.inputs, live.result)
    assert heard.of("ratings")[-1] == (5, 5) and heard.of("officers")[-1] == (3, 3)
    again = Heard()
    frozen = compute_month(db, PERIOD, zone=ZONE, progress=again)
    assert frozen.frozen and frozen.result == live.result
    assert again.calls == []  # a closed month reads its snapshot: nothing to count
