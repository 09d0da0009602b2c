"""The console menu: each topic module adds its entries; each role sees only what it may open."""

from dataclasses import dataclass

from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    """One menu entry."""

    endpoint: str
    label: object
    roles: tuple[str, ...]
    order: int


NAV_ITEMS: list[NavItem] = []


def add_nav(endpoint: str, label, roles, order: int = 50) -> None:
    """Add a menu entry for the given roles (administrators see every entry)."""
    NAV_ITEMS.append(NavItem(endpoint, label, tuple(roles), order))
    NAV_ITEMS.sort(key=lambda item: (item.order, item.endpoint))


def visible_nav() -> list[NavItem]:
    """Return the entries the signed-in staff member may open."""
    if not current_user.is_authenticated:
        return []
    role = current_user.role
    return [item for item in NAV_ITEMS if role == "admin" or role in item.roles]


def init_app(app) -> None:
    """Offer the menu to every console template."""
    app.context_processor(lambda: {"console_nav": visible_nav})
