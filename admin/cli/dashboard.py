"""`hailong dashboard refresh`: compute the dashboards' monthly figures in the background.

A province's month takes seconds to aggregate, so a deployment runs this every few minutes
(cron, a systemd timer, or ``--watch 300`` as a service); pages then only read the stored
figures. A page still computes a month itself when its figures are missing or older than
``DASHBOARD_MAX_AGE_SECONDS`` (default 600).
"""

import time
from datetime import UTC, datetime, timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from admin.dashboard.data import DEFAULT_MAX_AGE, refresh_outdated
from evaluation import PeriodError, month_of_instant, parse_month
from web.cli_text import CommandError, _, lang_option
from web.db import get_session
from web.jobs import scheduled_job
from web.progress import Progress, quiet_option

dashboard_cli = AppGroup("dashboard", help="Compute the dashboards' monthly figures.")


@dashboard_cli.command("refresh")
@click.option("--month", "period", help="The latest month to compute (default: this month).")
@click.option("--months", type=click.IntRange(1, 36), default=12,
              help="How many months, ending with that one (the trend shows 12).")
@click.option("--max-age", type=click.IntRange(0, 86400), default=0,
              help="Seconds an open month's figures may be kept (default 0: always recompute"
                   " the open months).")
@click.option("--watch", type=click.IntRange(10, 86400), default=None,
              help="Keep running, refreshing every this many seconds.")
@quiet_option
@lang_option
@scheduled_job("dashboard-refresh")
def refresh_command(period, months, max_age, watch, job):
    """Compute the outdated figures of the last months (closed months only once)."""
    zone = current_app.config["TIMEZONE"]
    try:
        fixed = parse_month(period) if period else None
    except PeriodError as exc:
        raise CommandError(str(exc)) from None
    while True:
        latest = fixed or month_of_instant(datetime.now(UTC), zone)
        with Progress(_("Dashboard months"), unit=_("months")) as progress:
            done = refresh_outdated(get_session(), latest, zone, timedelta(seconds=max_age),
                                    months, progress=progress)
        get_session().close()
        line = (f"Computed {', '.join(done) or 'nothing'} ({len(done)} of {months} months) "
                f"in {progress.elapsed:.1f} s.")
        click.echo(line)
        if not watch:
            job.report(line)
            return
        job.beat(line)
        time.sleep(watch)


def init_app(app) -> None:
    """Default age of the stored figures and the `dashboard` command group."""
    app.config.setdefault("DASHBOARD_MAX_AGE_SECONDS", DEFAULT_MAX_AGE)
    app.cli.add_command(dashboard_cli)
