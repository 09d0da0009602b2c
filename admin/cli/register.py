"""`hailong import-register FILE --site CODE`: import the dossier register from the shell."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from models import Site, User
from models.ops.audit import record_audit
from models.ops.register import (
    RegisterRejected,
    import_register,
    open_register,
    purge_register,
    table_records,
)
from models.ops.register_mappings import MappingError, columns_for
from tabular import TableError
from web.cli_text import CommandError, _, lang_option
from web.db import write_session
from web.dossier_key import dossier_hash_key
from web.jobs import scheduled_job
from web.progress import Progress, Stage, print_summary, quiet_option


@click.command("import-register")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_code", required=True, help="The site whose register it is.")
@click.option("--mapping", default="auto", show_default=True,
              help="auto, mau06, mau07, vendor, or the name of a saved column mapping.")
@click.option("--by", "username", help="Account recorded as importing (default: cli).")
@quiet_option
@lang_option
def import_register_command(path, site_code, mapping, username):
    """Upsert the dossiers of a register file (CSV or XLSX): all rows or none."""
    session = write_session()
    site = session.scalar(select(Site).where(Site.code == site_code))
    if site is None:
        raise CommandError(_("no site with the code '%(code)s'", code=site_code))
    user = _account(session, username)
    zone = current_app.config["TIMEZONE"]
    try:
        with path.open("rb") as stream, Progress(path.name, unit=_("rows")) as report:
            table = open_register(path.name, stream, columns_for(session, mapping))
            summary = import_register(
                session, site.id, table_records(table), key=dossier_hash_key(), zone=zone,
                today=datetime.now(ZoneInfo(zone)).date(), filename=path.name,
                mapping=mapping, user_id=user.id if user else None,
                ignored=table.header.ignored, present=frozenset(table.header.positions),
                progress=report)
    except TableError as exc:
        raise CommandError(_("%(file)s was not imported: %(reason)s", file=path.name,
                             reason=exc.message())) from None
    except MappingError:
        raise CommandError(_("no column mapping named '%(name)s'", name=mapping)) from None
    except RegisterRejected as exc:
        session.rollback()
        for problem in exc.problems:
            click.echo(problem.message(), err=True)
        raise CommandError(_("%(file)s was not imported: %(count)s problem(s) in %(rows)s "
                             "rows; nothing was changed.", file=path.name, count=exc.total,
                             rows=f"{exc.rows:,}")) from None
    record_audit(session, action="register.import", actor=user.username if user else "cli",
                 user_id=user.id if user else None, object_type="site", object_id=site.id,
                 after={"file": path.name, "mapping": mapping, "rows": summary.rows,
                        "created": summary.created, "updated": summary.updated,
                        "unchanged": summary.unchanged, "months": summary.months,
                        "import_id": summary.import_id})
    session.commit()
    print_summary(summary_line(path.name, site.code, summary))


def summary_line(name: str, site_code: str, summary) -> str:
    """Return the one line that says what an import did."""
    months = ", ".join(f"{month}: {count:,}" for month, count in summary.months.items())
    line = (f"Imported {name} into the register of {site_code}: {summary.rows:,} rows, "
            f"{summary.dossiers:,} dossiers ({summary.created:,} new, {summary.updated:,} "
            f"updated, {summary.unchanged:,} unchanged); received by month: {months or '—'}.")
    if summary.skipped:
        line += (f" Skipped {len(summary.skipped):,} rows without a code or dates "
                 f"(rows {', '.join(map(str, summary.skipped[:10]))}).")
    if summary.without_officer:
        line += f" {summary.without_officer:,} name no receiving officer."
    if summary.closed_months:
        line += (f" Closed months touched: {', '.join(summary.closed_months)} (their frozen "
                 "results stay until reopened).")
    return line


def _account(session, username):
    if username is None:
        return None
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        raise CommandError(_("no active account named '%(name)s'", name=username))
    return user


#: Whole months a dossier is kept after the month it was last dated in (a setting:
#: HAILONG_REGISTER_KEEP_MONTHS); two years cover a year's grading and its review.
KEEP_MONTHS = 24

register_cli = AppGroup("register", help="Look after the dossier register.")


@register_cli.command("purge")
@quiet_option
@lang_option
@click.option("--keep-months", type=click.IntRange(1, 600), default=None,
              help=f"Whole months to keep (default: REGISTER_KEEP_MONTHS, {KEEP_MONTHS}).")
@scheduled_job("register-purge")
def purge_command(keep_months, job):
    """Clear second-factor hashes no longer needed and delete dossiers past retention."""
    session = write_session()
    keep = keep_months or int(current_app.config["REGISTER_KEEP_MONTHS"])
    today = datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()
    with Stage(_("Purging the register")):
        summary = purge_register(session, today=today, keep_months=keep)
    record_audit(session, action="register.purge", actor="cli", object_type="register",
                 after={"keep_months": keep, "hashes_cleared": summary.hashes_cleared,
                        "dossiers_deleted": summary.dossiers_deleted,
                        "changes_deleted": summary.changes_deleted})
    session.commit()
    job.report(f"Register purged: {summary.hashes_cleared:,} second-factor hashes cleared, "
               f"{summary.dossiers_deleted:,} dossiers older than {keep} months deleted "
               f"(with {summary.changes_deleted:,} history entries).")
    print_summary(job.detail)


def init_app(app) -> None:
    """Register the commands; REGISTER_KEEP_MONTHS defaults to two years."""
    app.config.setdefault("REGISTER_KEEP_MONTHS", KEEP_MONTHS)
    app.cli.add_command(import_register_command)
    app.cli.add_command(register_cli)
