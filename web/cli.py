"""`hailong db …`: schema migrations as a deploy step, never run inside create_app."""

import click
from flask import current_app
from flask.cli import AppGroup

from migrations import runner as migrate
from web.cli_text import CommandError, _, lang_option
from web.db import get_database

db_cli = AppGroup("db", help="Upgrade the database schema and show its revision.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@click.option("--check", is_flag=True,
              help="Only list the migrations an upgrade would run; change nothing.")
def upgrade_command(revision, check):
    """Upgrade the database to the newest schema (run before starting the server)."""
    if check:
        pending = migrate.pending_revisions(get_database().engine)
        for step, message in pending:
            click.echo(f"would run {step}: {message}")
        click.echo(f"{len(pending)} migration(s) to run." if pending
                   else "The database is at head; nothing to run.")
        return
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database is at revision {migrate.database_revision(get_database().engine)}.")


@db_cli.command("downgrade")
@click.argument("revision")
def downgrade_command(revision):
    """Downgrade the database to REVISION (use "base" to drop everything)."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database is at revision {migrate.database_revision(get_database().engine)}.")


@db_cli.command("revision")
@click.option(
    "-m", "--message", required=True, help="What the change does, e.g. 'add api key scopes'."
)
def revision_command(message):
    """Write a new date-prefixed migration from the difference between models and database."""
    migrate.new_revision(current_app.config["DATABASE_URL"], message)


@db_cli.command("current")
def current_command():
    """Show the database's revision and the newest one."""
    state, revision = get_database().schema_state()
    click.echo(f"database: {revision or '(empty)'}")
    click.echo(f"head:     {get_database().head}")
    if state != "ok":
        raise CommandError(
            _("The database is not at the newest revision: run `hailong db upgrade`."))


def init_app(app) -> None:
    """Register the db command group; ``--lang`` before any command (as the `hailong`
    script has it, wsgi.py) for the app's own command group too (tests, `flask`)."""
    app.cli.add_command(db_cli)
    lang_option(app.cli)
