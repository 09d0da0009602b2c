"""What stands between a month and its closing: the checklist HR and the leader work through.

The blocking steps are the refusals of ``models.ops.months.close_month``, read with the same
helpers (``pending_in_window``, ``pending_assessments``), so the list and the refusal cannot
disagree. The other steps do not stop a closing but change the results once it is frozen.
"""

from dataclasses import dataclass
from datetime import datetime

from evaluation.report import MonthReport
from models.ops.flags import pending_in_window
from models.ops.months import pending_assessments

#: Reasons a criterion does not apply that mean an input someone enters is missing
#: (keys of ``evaluation.results.NOT_APPLICABLE_REASONS``); the others follow from the
#: ratings or from the self-assessment steps, listed on their own.
MISSING_INPUT_REASONS = ("no_dossier_data", "no_dossier_field", "no_leader_score",
                         "no_task_data", "no_assignment")


@dataclass(frozen=True)
class CloseStep:
    """One line of the checklist: done or not, whether it stops the closing, how many wait."""

    code: str
    done: bool
    blocking: bool
    count: int = 0
    #: For "missing_input": which reason (a key of NOT_APPLICABLE_REASONS).
    reason: str | None = None
    #: For "assessments": "CODE Name" of each officer whose sheet waits.
    names: tuple[str, ...] = ()


def close_steps(*, closed: bool, ended: bool, held: int, pending: tuple[str, ...],
                missing: dict[str, int], contests: int) -> list[CloseStep]:
    """Return the checklist of a month from its counts, blocking steps first.

    Policy: a closed month has nothing left to do (an empty list); an open month lists
    every blocking step, done or not, then the advisory steps that still wait (missing
    inputs in ``MISSING_INPUT_REASONS`` order, undecided contests).
    """
    if closed:
        return []
    steps = [CloseStep("ended", ended, True),
             CloseStep("flags", held == 0, True, held),
             CloseStep("assessments", not pending, True, len(pending), names=pending)]
    steps += [CloseStep("missing_input", False, False, missing[reason], reason=reason)
              for reason in MISSING_INPUT_REASONS if missing.get(reason)]
    if contests:
        steps.append(CloseStep("contests", False, False, contests))
    return steps


def missing_inputs(report: MonthReport) -> dict[str, int]:
    """Return how many evaluated officers lack each entered input, by reason."""
    counts: dict[str, int] = {}
    for officer in report.result.officers:
        reasons = {c.not_applicable_reason for c in officer.criteria if not c.applicable}
        for reason in reasons & set(MISSING_INPUT_REASONS):
            counts[reason] = counts.get(reason, 0) + 1
    return counts


def month_checklist(session, report: MonthReport, now: datetime) -> list[CloseStep]:
    """Return what stands between ``report``'s month and its closing, at ``now``."""
    if report.frozen or report.status == "closed":
        return []
    start, end = report.window
    return close_steps(
        closed=False, ended=now >= end, held=pending_in_window(session, start, end),
        pending=pending_assessments(report), missing=missing_inputs(report),
        contests=sum(1 for c in report.contested if c.status == "pending"))


def ready_to_close(steps: list[CloseStep]) -> bool:
    """Say whether no blocking step is left (an empty list: the month is closed)."""
    return bool(steps) and all(step.done for step in steps if step.blocking)
