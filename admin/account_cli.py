"""`hailong reset-second-factor`: for the administrator who lost both phone and recovery
codes (no one is left to reset it in the console)."""

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from models import User
from models.ops.audit import record_audit
from models.ops.second_factor import reset_second_factor
from models.ops.sessions import end_user_sessions
from web.db import get_session


@click.command("reset-second-factor")
@with_appcontext
@click.option("--username", required=True, help="Log-in name of the account.")
def reset_second_factor_command(username):
    """Remove an account's authenticator app and recovery codes and end its sessions.

    The person sets up a new app at their next log-in. Check who is asking first, in
    person, as when the account was created: this is the way around the second factor.
    """
    session = get_session()
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"no account is named {username!r}")
    reset_second_factor(session, user)
    end_user_sessions(session, user.id, "second_factor_reset", datetime.now(UTC))
    record_audit(session, action="user.second_factor_reset", actor="cli", object_type="user",
                 object_id=user.id)
    session.commit()
    click.echo(f"Two-step sign-in of {user.username!r} is reset; they set it up again at "
               "their next log-in.")


def init_app(app) -> None:
    """Add the command."""
    app.cli.add_command(reset_second_factor_command)
