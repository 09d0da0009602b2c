"""`hailong backup` and `hailong restore`: whole-database archives that prove they restore."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from migrations.runner import known_revision
from models.backup import BackupError, prune_backups, restore_backup, verify_restored, write_backup
from web.cli_text import CommandError, _, lang_option
from web.db import get_database
from web.health import app_version
from web.jobs import scheduled_job
from web.progress import Stage, print_summary, quiet_option


@click.command("backup")
@with_appcontext
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the archive in (default: the BACKUP_DIR setting).")
@click.option("--keep-days", type=click.IntRange(1, 3650), default=None,
              help="Also delete archives in the folder older than this many days "
                   "(the newest is always kept).")
@quiet_option
@lang_option
@scheduled_job("backup")
def backup_command(directory, keep_days, job):
    """Write the whole database to one archive (a timer runs it nightly)."""
    directory = directory or Path(current_app.config["BACKUP_DIR"])
    try:
        with Stage(_("Writing the archive in %(folder)s", folder=str(directory))):
            path, manifest = write_backup(get_database().engine, directory,
                                          app_version=app_version())
    except (BackupError, OSError) as exc:
        raise CommandError(_("no backup was written: %(reason)s", reason=str(exc))) from None
    gone = prune_backups(directory, keep_days, datetime.now(UTC)) if keep_days else []
    job.report(f"Wrote {path} ({path.stat().st_size:,} bytes; "
               f"{sum(manifest.tables.values()):,} rows, "
               f"{len(manifest.closed_months)} closed months); deleted {len(gone)} old.")
    print_summary(job.detail)


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True,
              help="Replace a database that already holds data (all of it).")
@click.option("--database-url", default=None,
              help="Restore into this database instead of DATABASE_URL (e.g. a scratch "
                   "database, to test a backup).")
@quiet_option
@lang_option
def restore_command(archive, replace, database_url):
    """Restore an archive, then check it: row counts and every closed month reproduced.

    Stop the app servers first. The restore is all-or-nothing.
    """
    url = database_url or current_app.config["DATABASE_URL"]
    get_database().engine.dispose()
    try:
        with Stage(_("Restoring %(file)s", file=archive.name)):
            manifest = restore_backup(archive, url, replace=replace,
                                      known_revision=known_revision)
    except BackupError as exc:
        raise CommandError(_("%(file)s was not restored: %(reason)s", file=archive.name,
                             reason=str(exc))) from None
    with Stage(_("Checking the restored database")):
        problems = verify_restored(url, manifest, zone=current_app.config["TIMEZONE"])
    if problems:
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        raise CommandError(_("the restored database differs from the backup in %(count)s "
                             "way(s)", count=len(problems)))
    click.echo("If this release is newer than the backup, run `hailong db upgrade` next.")
    print_summary(f"Restored {archive.name} (made {manifest.created_at}, revision "
               f"{manifest.revision}): {sum(manifest.tables.values()):,} rows in "
               f"{len(manifest.tables)} tables match, all {len(manifest.closed_months)} "
               "closed months reproduce their results, and the audit log's hash chain holds "
               f"up to entry {(manifest.audit_head or [0])[0]}.")


def init_app(app) -> None:
    """Register the backup commands; BACKUP_DIR defaults to instance/backups."""
    app.config.setdefault("BACKUP_DIR", str(Path(app.instance_path) / "backups"))
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
