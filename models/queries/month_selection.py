"""Which officers of a computed month a page, printout or export shows, and in what order."""

from dataclasses import dataclass

from evaluation import OfficerResult
from models.queries.month import MonthReport


@dataclass(frozen=True)
class Selection:
    """A site and/or department filter, within the departments a person may see."""

    site_id: int | None = None
    department_id: int | None = None
    #: The departments a liaison is limited to; None means every department.
    scope: frozenset[int] | None = None

    @property
    def rank_by(self) -> str:
        """Return which rank a listing prints: in the department when filtered by one."""
        return "department" if self.department_id is not None else "site"

    def admits(self, site_id: int, department_id: int) -> bool:
        """Say whether an officer of this site and department is in the selection."""
        return ((self.scope is None or department_id in self.scope)
                and (self.site_id is None or site_id == self.site_id)
                and (self.department_id is None or department_id == self.department_id))


def selected_officers(report: MonthReport, selection: Selection) -> list[OfficerResult]:
    """Return the officers of ``report`` in ``selection``, in the order they are ranked.

    Policy: the engine lists officers by site, then by place in the site; a listing filtered
    by a department is ordered by place in the department instead (its ranks are then the
    department's).
    """
    rows = [o for o in report.result.officers if selection.admits(o.site_id, o.department_id)]
    if selection.rank_by == "department":
        rows.sort(key=lambda o: o.position_in_department)
    return rows


def rank_of(officer: OfficerResult, rank_by: str) -> int | None:
    """Return the officer's rank in the site or in the department."""
    return officer.rank_in_department if rank_by == "department" else officer.rank_in_site


def raw_satisfaction(report, officer_id: int) -> float | None:
    """Return the officer's share of satisfied ratings among those the rubric scores.

    The rate before any adjustment, whatever the rubric's criteria (under NĐ 335 no
    criterion is a plain rating share); None without scored ratings. The ranking page, the
    printout and the workbook all print this one.
    """
    inputs = report.officer_inputs(officer_id)
    if inputs is None:
        return None
    satisfied, scored = inputs.ratings.scored(report.rubric.rubric.score_unverified)
    return satisfied / scored if scored else None
