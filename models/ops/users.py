"""Console accounts: create, change, disable, and set passwords (which ends sessions)."""

from sqlalchemy import select

from models.base import utcnow
from models.ops.sessions import end_user_sessions
from models.ops.snapshots import snapshot
from models.org import Department, Officer
from models.staff import ROLES, User

#: What the audit log keeps of an account (never the password hash).
USER_FIELDS = ("username", "full_name", "email", "role", "officer_id", "active", "department_ids")


class AccountError(ValueError):
    """An account change that cannot be made; code names the field at fault."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def user_snapshot(user: User) -> dict:
    """Return the audited values of an account."""
    values = snapshot(user, USER_FIELDS[:-1])
    values["department_ids"] = sorted(department.id for department in user.departments)
    return values


def create_user(session, *, username, role, password_hash, full_name="", email=None,
                officer_id=None, department_ids=()) -> User:
    """Create an account; flush only.

    :raises AccountError: on a taken username, an unknown role, or an officer account
        without its officer (or whose officer has an account already).
    """
    username = username.strip().lower()
    _check(session, None, username, role, officer_id)
    user = User(username=username, password_hash=password_hash, password_changed_at=utcnow(),
                role=role)
    _apply(session, user, role, full_name, email, officer_id, department_ids)
    session.add(user)
    session.flush()
    return user


def update_user(session, user: User, *, role, full_name="", email=None, officer_id=None,
                department_ids=()) -> None:
    """Change an account's name, role, officer and departments; flush only.

    :raises AccountError: as create_user.
    """
    _check(session, user.id, user.username, role, officer_id)
    _apply(session, user, role, full_name, email, officer_id, department_ids)
    session.flush()


def _check(session, user_id, username, role, officer_id) -> None:
    if role not in ROLES:
        raise AccountError("role", f"unknown role {role!r}")
    if not username or len(username) > 64:
        raise AccountError("username", "a username has 1 to 64 characters")
    others = select(User.id).where(User.id != user_id) if user_id else select(User.id)
    if session.scalar(others.where(User.username == username)):
        raise AccountError("username", "this username is taken")
    if role != "officer":
        return
    if not officer_id or session.get(Officer, officer_id) is None:
        raise AccountError("officer_id", "an officer account needs its officer")
    if session.scalar(others.where(User.officer_id == officer_id)):
        raise AccountError("officer_id", "this officer already has an account")


def _apply(session, user, role, full_name, email, officer_id, department_ids) -> None:
    user.role = role
    user.full_name = full_name or ""
    user.email = email or None
    user.officer_id = officer_id if role == "officer" else None
    wanted = list(department_ids) if role == "liaison" else []
    user.departments = (
        list(session.scalars(select(Department).where(Department.id.in_(wanted))))
        if wanted else []
    )


def set_password_hash(session, user: User, password_hash: str, *,
                      reason: str = "password_change", keep: int | None = None) -> None:
    """Give the account a new password and end its sessions (but keep); flush only.

    :param reason: why the sessions end: "password_change" (by the person) or
        "password_reset" (by an administrator).
    """
    user.password_hash = password_hash
    user.password_changed_at = utcnow()
    user.session_epoch += 1
    end_user_sessions(session, user.id, reason, user.password_changed_at, keep=keep)
    session.flush()


def rehash_password(session, user: User, password_hash: str) -> None:
    """Store the same password under the current hashing parameters; flush only."""
    user.password_hash = password_hash
    session.flush()


def set_active(session, user: User, active: bool) -> None:
    """Enable or disable an account; disabling ends all its sessions; flush only."""
    if user.active and not active:
        user.session_epoch += 1
        end_user_sessions(session, user.id, "account_disabled", utcnow())
    user.active = active
    session.flush()
