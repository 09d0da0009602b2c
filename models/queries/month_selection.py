"""Which officers of a computed month a page, printout or export shows, and in what order."""

from dataclasses import dataclass

from evaluation import OfficerResult
from evaluation.report import MonthReport


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


