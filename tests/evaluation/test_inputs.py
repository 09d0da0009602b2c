"""Input values refuse impossible counts so that bad data fails loudly, not silently."""

from datetime import date

import pytest

from evaluation.inputs import (
    Breach,
    ConductItemTally,
    ConductTally,
    DossierStats,
    MonthInputs,
    OfficerMonth,
    RatingTally,
    SiteMonth,
)
from evaluation.periods import PeriodError


def officer(officer_id=1, **extra):
    return OfficerMonth(officer_id, f"CB{officer_id}", "Lê Văn Ánh", "Chuyên viên", 1, "Site", 1,
                        "Dept", **extra)


@pytest.mark.parametrize("build", [
    lambda: RatingTally(verified=-1),
    lambda: RatingTally(verified=3, verified_satisfied=4),
    lambda: RatingTally(unverified=1, unverified_satisfied=2),
    lambda: ConductTally(answered=8, yes=9),
    lambda: ConductTally(unverified_answered=-8),
    lambda: DossierStats(late=-1),
    lambda: Breach("late_arrival", date(2026, 10, 1), deduction=-3),
    lambda: Breach("late_arrival", date(2026, 10, 1), deduction=float("nan")),
    lambda: officer(leader_score=float("nan")),
    lambda: ConductItemTally("xin_chao", answered=3, yes=4),
    lambda: officer(confirmed_reports=-1),
    lambda: SiteMonth(1, "Site", satisfaction_p0=1.2),
    lambda: MonthInputs("2026-10", (officer(1), officer(1))),
    lambda: MonthInputs("2026-10", (), (SiteMonth(1, "A"), SiteMonth(1, "B"))),
])
def test_impossible_inputs_are_refused(build):
    with pytest.raises(ValueError):
        build()


def test_a_month_with_a_malformed_period_is_refused():
    with pytest.raises(PeriodError):
        MonthInputs("10/2026", ())


def test_resolved_dossiers_are_early_plus_on_time_plus_late():
    stats = DossierStats(received=30, early=10, on_time=8, late=2)
    assert stats.resolved == 20
    assert stats.count("resolved") == 20 and stats.count("received") == 30


def test_tallies_add_unverified_answers_only_when_asked():
    ratings = RatingTally(verified=10, verified_satisfied=9, unverified=5, unverified_satisfied=1)
    assert ratings.scored(False) == (9, 10)
    assert ratings.scored(True) == (10, 15)
    conduct = ConductTally(answered=80, yes=70, unverified_answered=8, unverified_yes=8)
    assert conduct.scored(True) == (78, 88)
