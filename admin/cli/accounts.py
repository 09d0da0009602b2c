"""`hailong reset-second-factor` (for the administrator who lost both phone and recovery
codes) and `hailong end-sessions` (sign one account, or everyone, out on the server)."""

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from models import User
from models.ops.audit import record_audit
from models.ops.second_factor import reset_second_factor
from models.ops.sessions import end_all_sessions, end_user_sessions
from web.cli_text import CommandError, _
from web.db import write_session


@click.command("reset-second-factor")
@with_appcontext
@click.option("--username", required=True, help="Log-in name of the account.")
def reset_second_factor_command(username):
    """Remove an account's authenticator app and recovery codes and end its sessions.

    The person sets up a new app at their next log-in. Check who is asking first, in
    person, as when the account was created: this is the way around the second factor.
    """
    session = write_session()
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise CommandError(_("No account is named %(name)s.", name=repr(username)))
    reset_second_factor(session, user)
    end_user_sessions(session, user.id, "second_factor_reset", datetime.now(UTC))
    record_audit(session, action="user.second_factor_reset", actor="cli", object_type="user",
                 object_id=user.id)
    session.commit()
    click.echo(f"Two-step sign-in of {user.username!r} is reset; they set it up again at "
               "their next log-in.")


@click.command("end-sessions")
@with_appcontext
@click.option("--username", help="Sign this account out everywhere.")
@click.option("--all", "everyone", is_flag=True, help="Sign every account out everywhere.")
def end_sessions_command(username, everyone):
    """End console sessions on the server: one account's, or everyone's (e.g. after a
    suspected break-in, or before changing SECRET_KEY)."""
    if bool(username) == everyone:
        raise click.UsageError("give either --username NAME or --all")
    session, now = write_session(), datetime.now(UTC)
    if everyone:
        ended = end_all_sessions(session, "command_line", now)
        record_audit(session, action="session.end_all", actor="cli", note=f"{ended} sessions")
    else:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise CommandError(_("No account is named %(name)s.", name=repr(username)))
        ended = end_user_sessions(session, user.id, "command_line", now)
        record_audit(session, action="user.sessions_end", actor="cli", object_type="user",
                     object_id=user.id, note=f"{ended} sessions")
    session.commit()
    click.echo(f"Ended {ended} sessions.")


def init_app(app) -> None:
    """Add the commands."""
    app.cli.add_command(reset_second_factor_command)
    app.cli.add_command(end_sessions_command)
