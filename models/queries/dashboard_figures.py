"""The dashboard's panels, summed from a month's stored figures over what a person may see.

A scope is the set of departments a liaison may see (None: every department). Ratings no
officer was signed in for belong to no department and count only in the unlimited view.
"""

from dataclasses import dataclass

from models.queries.dashboard_month import OFFICER_FIELDS

#: Weekday numbers as SQL gives them (0 = Sunday), Monday first.
WEEK = (1, 2, 3, 4, 5, 6, 0)
#: The centre plan's targets (the seed plan of docs/domain.md): code → (threshold, strictly above).
PLAN_TARGETS = {
    "early_or_on_time": (0.9, True),
    "early": (0.6, True),
    "digitised": (1.0, False),
    "online": (0.7, False),
    "post": (0.2, False),
}


@dataclass(frozen=True)
class Share:
    """A share with what it is made of, and the target it must reach (None: no target)."""

    key: object
    label: str
    part: int
    whole: int
    target: float | None = None
    strict: bool = False

    @property
    def rate(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def met(self) -> bool | None:
        """Say whether the target is reached; None without a rate or a target."""
        if self.rate is None or self.target is None:
            return None
        return self.rate > self.target if self.strict else self.rate >= self.target


def _in(scope, department) -> bool:
    return scope is None or department in scope


def _units(summary: dict, scope) -> list[dict]:
    return [u for u in summary["units"] if _in(scope, u["department"])]


def satisfaction_by_site(summary: dict, scope=None) -> list[Share]:
    """Return each site's pooled share of satisfied scored ratings against the base target.

    Unlimited, it equals the engine's site rate p0 (pooled over the site's officers).
    """
    base = base_target(summary)
    rows = []
    for site in summary["sites"]:
        units = [u for u in _units(summary, scope) if u["site"] == site["id"]]
        if units:
            rows.append(Share(site["id"], site["name"], sum(u["satisfied"] for u in units),
                              sum(u["scored"] for u in units), base))
    return rows


def base_target(summary: dict) -> float | None:
    """Return the satisfaction target of departments outside the land group."""
    targets = [d["target"] for d in summary["departments"] if not d["land_group"]]
    every = [d["target"] for d in summary["departments"]]
    return max(targets) if targets else (max(every) if every else None)


def satisfaction_by_department(summary: dict, scope=None) -> list[Share]:
    """Return each department's pooled share against its target (85% for the land group)."""
    rows = []
    for department in summary["departments"]:
        if not _in(scope, department["id"]):
            continue
        units = [u for u in summary["units"] if u["department"] == department["id"]]
        rows.append(Share(department["id"], department["name"],
                          sum(u["satisfied"] for u in units), sum(u["scored"] for u in units),
                          department["target"]))
    return rows


def overall_satisfaction(summary: dict, scope=None) -> Share:
    """Return the pooled share of satisfied scored ratings over the whole scope."""
    units = _units(summary, scope)
    return Share("all", "", sum(u["satisfied"] for u in units),
                 sum(u["scored"] for u in units), base_target(summary))


def officer_rows(details: dict, scope=None) -> list[dict]:
    """Return the officers' figures (OFFICER_FIELDS) within the scope."""
    rows = (dict(zip(OFFICER_FIELDS, row, strict=True)) for row in details["officers"])
    return [row for row in rows if _in(scope, row["department"])]


def officers_below_target(details: dict, scope=None, limit: int = 20) -> list[dict]:
    """Return the officers whose adjusted satisfaction is under their target, lowest first."""
    rows = [o for o in officer_rows(details, scope) if o["adjusted"] is not None
            and o["target"] is not None and o["adjusted"] < o["target"]]
    rows.sort(key=lambda o: (o["adjusted"], -o["scored"], o["name"]))
    return rows[:limit]


def level_counts(details: dict, scope=None) -> dict[int, int]:
    """Return ballots (not excluded, verified or not) per level, highest level first."""
    counts: dict[int, int] = {}
    for department, level, n in details["levels"]:
        if scope is None or department in scope:
            counts[level] = counts.get(level, 0) + n
    return dict(sorted(counts.items(), reverse=True))


def week_grid(details: dict, scope=None) -> tuple[list[int], list[list[int]], list[list[int]]]:
    """Return (hours, ballots[weekday][hour], dissatisfied[weekday][hour]), Monday first.

    Hours run from the earliest to the latest hour with a ballot (7–17 when there is none).
    """
    ballots: dict[tuple[int, int], list[int]] = {}
    for department, weekday, hour, n, bad in details["cells"]:
        if scope is None or department in scope:
            cell = ballots.setdefault((weekday, hour), [0, 0])
            cell[0] += n
            cell[1] += bad
    used = [hour for (_day, hour), (n, _bad) in ballots.items() if n]
    hours = list(range(min(used), max(used) + 1)) if used else list(range(7, 18))
    counts = [[ballots.get((day, h), [0, 0])[0] for h in hours] for day in WEEK]
    bad = [[ballots.get((day, h), [0, 0])[1] for h in hours] for day in WEEK]
    return hours, counts, bad


def conduct_failures(details: dict, scope=None) -> list[Share]:
    """Return each conduct item's share of "Không" answers, the most failed first."""
    items: dict[str, list] = {}
    for department, code, label_vi, label_en, answered, yes in details["conduct"]:
        if scope is None or department in scope:
            item = items.setdefault(code, [label_vi, label_en, 0, 0])
            item[2] += answered
            item[3] += answered - yes
    rows = [Share(code, vi, no, answered, None) for code, (vi, _en, answered, no) in
            items.items()]
    return sorted(rows, key=lambda s: (-(s.rate or 0), -s.part, s.key))


@dataclass(frozen=True)
class PlanRow:
    """The centre plan's dossier targets for a department or a month."""

    key: object
    label: str
    reporting: int
    shares: dict[str, Share]


def _plan(key, label, units: list[dict]) -> PlanRow:
    total = {name: sum(u["dossiers"][name] for u in units) for name in units[0]["dossiers"]} \
        if units else {}
    resolved = sum(total.get(name, 0) for name in ("early", "on_time", "late"))
    parts = {"early_or_on_time": (total.get("early", 0) + total.get("on_time", 0), resolved),
             "early": (total.get("early", 0), resolved),
             "digitised": (total.get("digitised", 0), total.get("digitised_base", resolved)),
             "online": (total.get("online", 0), total.get("online_base", 0)),
             "post": (total.get("post", 0), total.get("post_base", 0))}
    shares = {code: Share(code, code, part, whole, *PLAN_TARGETS[code])
              for code, (part, whole) in parts.items()}
    return PlanRow(key, label, total.get("reporting", 0), shares)


def plan_by_department(summary: dict, scope=None) -> list[PlanRow]:
    """Return the plan's dossier targets per department with imported figures."""
    rows = []
    for department in summary["departments"]:
        units = [u for u in summary["units"] if u["department"] == department["id"]]
        if _in(scope, department["id"]) and any(u["dossiers"]["reporting"] for u in units):
            rows.append(_plan(department["id"], department["name"], units))
    return rows


def plan_overall(summary: dict, scope=None) -> PlanRow:
    """Return the plan's dossier targets over the whole scope."""
    return _plan("all", summary["period"], _units(summary, scope))
