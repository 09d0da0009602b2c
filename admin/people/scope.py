"""What the signed-in person may see: liaisons only their departments; who may do what."""

from flask import abort
from flask_login import current_user

from models import Officer
from web.db import get_session


def department_scope() -> frozenset[int] | None:
    """Return the departments the signed-in person is limited to, or None for all of them."""
    user = current_user.user
    if user.role == "liaison":
        return frozenset(department.id for department in user.departments)
    return None


def in_scope(department_id: int) -> bool:
    """Say whether the signed-in staff member may see a department's officers."""
    scope = department_scope()
    return scope is None or department_id in scope


def require_department(department_id: int | None) -> None:
    """Answer 404 when the object's department is outside the person's scope."""
    scope = department_scope()
    if scope is not None and department_id not in scope:
        abort(404)


def can(*roles) -> bool:
    """Say whether the signed-in person has one of roles (administrators always do)."""
    return current_user.is_authenticated and (
        current_user.role == "admin" or current_user.role in roles
    )


def page_number(value) -> int:
    """Return a page number from a query-string value, 1 when missing or wrong."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def init_app(app) -> None:
    """Offer can() to templates, to show only the buttons a person may use."""
    app.jinja_env.globals["can"] = can


def visible_officer(officer_id: int) -> Officer:
    """Return the officer, or 404 when unknown or outside a liaison's departments."""
    officer = get_session().get(Officer, officer_id)
    if officer is None or not in_scope(officer.department_id):
        abort(404)
    return officer
