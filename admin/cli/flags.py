"""`hailong flags list` and `hailong flags scan`: the review queue from the command line."""

import click
from flask import current_app
from flask.cli import AppGroup

from evaluation import PeriodError, month_window_utc, parse_month
from integrity import RULE_NAMES_VI
from models.evaluation import EvaluationMonth
from models.ops.audit import record_audit
from models.ops.flags import scan_window
from models.queries.flags import FlagFilters, find_flagged
from web.cli_text import CommandError, _
from web.db import get_session, write_session
from web.integrity import screening

flags_cli = AppGroup("flags", help="List flagged ratings; run the flag rules on a month again.")


def _window(period: str):
    try:
        month = parse_month(period)
    except PeriodError as exc:
        raise CommandError(_("The month must be written YYYY-MM (%(reason)s).",
                             reason=exc)) from None
    return month, month_window_utc(month, current_app.config["TIMEZONE"])


@flags_cli.command("list")
@click.option("--month", "period", help="Only ratings rated in this month, YYYY-MM.")
@click.option("--status", type=click.Choice(["pending", "accepted", "excluded", "all"]),
              default="pending", show_default=True)
def list_command(period, status):
    """List flagged ratings (those waiting for a leader by default), one line per flag."""
    window = _window(period)[1] if period else None
    filters = FlagFilters(status=None if status == "all" else status, window=window)
    session, number, shown = get_session(), 1, 0
    while True:
        page = find_flagged(session, filters, number)
        for row in page.items:
            for flag in row.flags:
                click.echo(f"{row.rated_at.isoformat(timespec='seconds')}\t{row.rating_id}\t"
                           f"{row.officer_name or '-'}\t{flag.status}\t"
                           f"{RULE_NAMES_VI.get(flag.rule, flag.rule)}")
        shown += len(page.items)
        if page.number >= page.pages:
            break
        number += 1
    click.echo(f"{shown} flagged ratings.")


@flags_cli.command("scan")
@click.option("--month", "period", required=True, help="The month, YYYY-MM.")
def scan_command(period):
    """Run the flag rules on a month's ratings again (an open month only); audited."""
    month, window = _window(period)
    session = write_session()
    row = session.get(EvaluationMonth, str(month))
    if row is not None and row.status == "closed":
        raise CommandError(_("%(month)s is closed: reopen it before scanning it again.",
                             month=month))
    result = scan_window(session, *window, screening())
    record_audit(session, action="flags.scan", actor="cli", object_type="month",
                 object_id=str(month), after={"ratings": result.ratings, "held": result.held,
                                              "new_flags": result.flags})
    session.commit()
    click.echo(f"{result.ratings} ratings looked at; {result.flags} new flags; "
               f"{result.held} ratings wait for a leader's decision.")


def init_app(app) -> None:
    """Register the flags command group."""
    app.cli.add_command(flags_cli)
