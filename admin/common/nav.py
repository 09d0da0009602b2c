"""The console menu: each topic module adds its entries; the menu groups them by task.

Topic modules call ``add_nav`` for their pages; ``ENTRY_GROUPS`` below puts each entry in
one of at most seven task groups, in one readable table, so the menu's shape is decided
here and nowhere else (a test fails when an entry has no group). Each role sees only the
entries it may open, and only the groups that keep an entry for it.
"""

from dataclasses import dataclass

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    """One menu entry."""

    endpoint: str
    label: object
    roles: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class NavGroup:
    """A task group of the menu and the entries of it the signed-in person may open."""

    code: str
    label: object
    items: tuple[NavItem, ...]
    current: bool


#: The task groups, in menu order (at most seven: a person scans them at a glance).
GROUPS: dict[str, object] = {
    "today": _l("Today"),
    "alerts": _l("Alerts and feedback"),
    "period": _l("This period's evaluation"),
    "reports": _l("Reports"),
    "catalogue": _l("Catalogues"),
    "devices": _l("Devices"),
    "system": _l("System"),
}

#: Which group each menu entry belongs to, by endpoint.
ENTRY_GROUPS: dict[str, str] = {
    "admin.home": "today",
    "admin.my_ratings": "today",
    "admin.invite": "today",
    "admin.alerts": "alerts",
    "admin.flags": "alerts",
    "admin.contests": "alerts",
    "admin.ratings": "alerts",
    "admin.months": "period",
    "admin.assessment_board": "period",
    "admin.my_assessment": "period",
    "admin.my_sheet": "period",
    "admin.inputs": "period",
    "admin.outstanding_units": "period",
    "admin.register": "period",
    "admin.ranking": "reports",
    "admin.annual": "reports",
    "admin.dashboard": "reports",
    "admin.sites": "catalogue",
    "admin.departments": "catalogue",
    "admin.counters": "catalogue",
    "admin.officers": "catalogue",
    "admin.rubrics": "catalogue",
    "admin.questionnaires": "catalogue",
    "admin.tablets": "devices",
    "admin.posters": "devices",
    "admin.users": "system",
    "admin.audit_log": "system",
    "admin.org_settings": "system",
}

#: Pages outside the menu that belong to a group, by endpoint prefix: the group shows as
#: the current place on them too (an alert belongs to "Alerts and feedback").
PLACE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("admin.alert", "alerts"), ("admin.flag", "alerts"), ("admin.lockout", "alerts"),
    ("admin.pin_", "alerts"), ("admin.rating", "alerts"), ("admin.contest", "alerts"),
    ("admin.officer_ratings", "alerts"), ("admin.my_rating", "today"),
    ("admin.invite", "today"),
    ("admin.month", "period"), ("admin.assessment", "period"), ("admin.officer_sheet", "period"),
    ("admin.input", "period"), ("admin.task_", "period"), ("admin.register", "period"),
    ("admin.dossier", "period"), ("admin.assignment", "period"),
    ("admin.ranking", "reports"), ("admin.annual", "reports"), ("admin.dashboard", "reports"),
    ("admin.evaluations", "reports"), ("admin.report", "reports"),
    ("admin.site", "catalogue"), ("admin.department", "catalogue"),
    ("admin.counter", "catalogue"), ("admin.officer", "catalogue"),
    ("admin.rubric", "catalogue"), ("admin.questionnaire", "catalogue"),
    ("admin.tablet", "devices"), ("admin.poster", "devices"), ("admin.api_key", "devices"),
    ("admin.user", "system"), ("admin.audit", "system"), ("admin.org_settings", "system"),
)

NAV_ITEMS: list[NavItem] = []


def add_nav(endpoint: str, label, roles, order: int = 50) -> None:
    """Add a menu entry for the given roles (administrators see every entry)."""
    NAV_ITEMS.append(NavItem(endpoint, label, tuple(roles), order))
    NAV_ITEMS.sort(key=lambda item: (item.order, item.endpoint))


def may_open(item: NavItem, role: str) -> bool:
    """Return whether a role may open an entry (administrators may open every one)."""
    return role == "admin" or role in item.roles


def place_of(endpoint: str | None) -> str | None:
    """Return the group a page belongs to: its menu entry's, else by endpoint prefix."""
    if not endpoint:
        return None
    if endpoint in ENTRY_GROUPS:
        return ENTRY_GROUPS[endpoint]
    matches = [(len(prefix), group) for prefix, group in PLACE_PREFIXES
               if endpoint.startswith(prefix)]
    return max(matches)[1] if matches else None


def grouped_nav(role: str, endpoint: str | None) -> list[NavGroup]:
    """Return the menu for a role, by group, marking the group of the page at endpoint."""
    here = place_of(endpoint)
    groups = []
    for code, label in GROUPS.items():
        items = tuple(item for item in NAV_ITEMS
                      if ENTRY_GROUPS.get(item.endpoint) == code and may_open(item, role))
        if items:
            groups.append(NavGroup(code, label, items, code == here))
    return groups


def visible_nav() -> list[NavGroup]:
    """Return the menu groups the signed-in staff member may open."""
    if not current_user.is_authenticated:
        return []
    return grouped_nav(current_user.role, request.endpoint)


def init_app(app) -> None:
    """Offer the menu to every console template."""
    app.context_processor(lambda: {"console_nav": visible_nav})
