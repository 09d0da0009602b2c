"""Staff commands of the `hailong` CLI: accounts, defaults and demo data."""

import secrets
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from admin.people.passwords import PROBLEM_MESSAGES_CLI, hash_password, password_problem
from migrations import runner as migrate
from models import User
from models.defaults import install_default_questionnaire, install_default_rubric
from models.demo import DatabaseNotEmpty, DemoOptions, database_is_empty, seed_demo
from models.ops.audit import record_audit
from models.staff import ROLES
from web.cli_text import CommandError, _, lang_option
from web.db import get_database, write_session
from web.progress import Progress, print_summary, quiet_option

#: PIN every demo officer types at the tablet.
DEMO_PIN = "1234"
#: Where `make demo` and `make serve` serve by default (their HOST and PORT).
DEFAULT_ADDRESS = "http://127.0.0.1:8000/"


def _checked_address(_ctx, _param, value: str) -> str:
    """Accept an http(s) address and end it with one slash."""
    if not value.startswith(("http://", "https://")) or len(value) > 200 or " " in value:
        raise click.BadParameter(_("must be an http:// or https:// address"))
    return value.rstrip("/") + "/"


@click.command("create-user")
@with_appcontext
@click.option("--username", prompt=True, help="Log-in name (stored in lower case).")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the account may do.")
@click.option("--full-name", default="", help="Name shown in the console.")
@click.password_option(help="Prompted when not given.")
def create_user_command(username, role, full_name, password):
    """Create a console account (there is no default account)."""
    session = write_session()
    username = username.strip().lower()
    if not username or len(username) > 64:
        raise click.BadParameter("must be 1 to 64 characters", param_hint="--username")
    if session.scalar(select(User.id).where(User.username == username)):
        raise CommandError(_("An account named %(name)s already exists.", name=repr(username)))
    if role == "officer":
        raise CommandError(
            _("Officer accounts are created from the officer's page in the console."))
    problem = password_problem(password, username)
    if problem:
        raise CommandError(PROBLEM_MESSAGES_CLI[problem])
    user = User(
        username=username,
        role=role,
        full_name=full_name,
        password_hash=hash_password(password),
        password_changed_at=_now(),
    )
    session.add(user)
    session.flush()
    record_audit(
        session,
        action="user.create",
        actor="cli",
        object_type="user",
        object_id=user.id,
        after={"username": username, "role": role},
    )
    session.commit()
    click.echo(f"Created {role} account {username!r}.")


@click.command("install-defaults")
@with_appcontext
def install_defaults_command():
    """Install the default questionnaire and rubric where none exists (safe to repeat)."""
    session = write_session()
    steps = (("questionnaire", install_default_questionnaire), ("rubric", install_default_rubric))
    installed = [name for name, install in steps if install(session) is not None]
    if installed:
        record_audit(session, action="defaults.install", actor="cli", note=", ".join(installed))
    session.commit()
    if installed:
        click.echo(f"Installed the default {' and '.join(installed)}.")
    else:
        click.echo("The questionnaire and rubric already exist; nothing to do.")


@click.command("seed-demo")
@with_appcontext
@click.option("--officers", type=click.IntRange(1, 20_000), default=40, show_default=True)
@click.option("--months", type=click.IntRange(1, 36), default=3, show_default=True)
@click.option(
    "--ratings-per-officer",
    type=click.IntRange(0, 100_000),
    default=60,
    show_default=True,
    help="Average ratings per officer in a full month.",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed.")
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Generate up to the end of this local day instead of now.",
)
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when data exists.")
@click.option("--wipe", is_flag=True, help="Drop every table and rebuild the schema first.")
@click.option("--address", envvar="HAILONG_DEMO_ADDRESS", default=DEFAULT_ADDRESS,
              show_default=True, callback=_checked_address,
              help="Where the app is served, printed in the sign-in lines (`make demo` passes "
                   "its HOST and PORT).")
@quiet_option
@lang_option
def seed_demo_command(officers, months, ratings_per_officer, seed, until, if_empty, wipe,
                      address):
    """Fill an empty database with a demo province and print how to sign in."""
    url = current_app.config["DATABASE_URL"]
    if wipe:
        click.confirm("This deletes ALL data in the database. Continue?", abort=True)
        migrate.downgrade(url, "base")
        migrate.upgrade(url)
    _require_schema_at_head()
    session = write_session()
    if not database_is_empty(session) and if_empty:
        _print_saved_login(address)
        click.echo("The database already holds data; the demo was not added.")
        return
    zone = current_app.config["TIMEZONE"]
    options = DemoOptions(
        officers=officers,
        months=months,
        ratings_per_officer=ratings_per_officer,
        seed=seed,
        zone=zone,
        now=_end_of_day(until, zone) if until else None,
    )
    password = secrets.token_urlsafe(9)
    try:
        with Progress(_("Demo ratings"), unit=_("ratings")) as progress:
            summary = seed_demo(
                session,
                options,
                password_hash=generate_password_hash(password),
                pin_hash=generate_password_hash(DEMO_PIN),
                progress=progress,
            )
    except DatabaseNotEmpty:
        raise CommandError(_(
            "the database already holds data; use --if-empty to skip or --wipe to start over"
        )) from None
    record_audit(
        session,
        action="demo.seed",
        actor="cli",
        note=f"{summary.officers} officers, {summary.ratings} ratings",
    )
    session.commit()
    _save_login(summary, password)
    _print_saved_login(address)
    print_summary(
        f"Demo data: {summary.sites} sites, {summary.counters} counters, "
        f"{summary.officers} officers, {summary.ratings:,} ratings "
        f"({', '.join(summary.periods)}); serve it at {address}",
        progress.started,
    )


def _require_schema_at_head() -> None:
    state, _revision = get_database().schema_state()
    if state != "ok":
        raise CommandError(_(
            "the database is not at the newest schema: run `hailong db upgrade`"
        ))


def _end_of_day(day: datetime, zone: str) -> datetime:
    return datetime.combine(day.date(), time(23, 59), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


def _login_file() -> Path:
    folder = Path(current_app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "demo-login.txt"


def _save_login(summary, password) -> None:
    """Keep the demo accounts (not the address, which depends on how the app is served)."""
    lines = [
        "Demo accounts (same password for each):",
        *(f"  {username:<8} {role}" for username, role in summary.usernames),
        f"  password: {password}",
        "Roles in TWO_FACTOR_ROLES (admin, leader by default) set up an authenticator app at "
        "their first log-in (docs/security.md).",
        f"Pair a tablet with a one-time code from "
        f"`hailong kiosk pair --counter {summary.counter_codes[0]}`; officers' demo PIN is "
        f"{DEMO_PIN}.",
    ]
    path = _login_file()
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)


def _print_saved_login(address: str) -> None:
    """Print where to sign in, then the saved demo accounts."""
    click.echo(f"Console: {address}admin/")
    click.echo(f"Tablet:  {address}kiosk/")
    path = _login_file()
    if path.exists():
        click.echo(path.read_text().rstrip())


def init_app(app) -> None:
    """Register the staff commands."""
    for command in (create_user_command, install_defaults_command, seed_demo_command):
        app.cli.add_command(command)
