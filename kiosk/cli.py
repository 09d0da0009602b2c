"""`hailong kiosk …`: pairing codes for counter tablets and the closing-time sign-out sweep."""

from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from models.ops.audit import record_audit
from models.ops.devices import PairingError, issue_pairing_code
from models.ops.signins import sign_out_at_closing_time
from models.org import Counter
from web.cli_text import CommandError, _
from web.clock import server_now
from web.db import write_session
from web.jobs import scheduled_job

kiosk_cli = AppGroup("kiosk", help="Counter tablets: pairing codes and closing-time sign-out.")


@kiosk_cli.command("pair")
@click.option("--counter", "counter_code", required=True, help="The counter's code, e.g. TTHC-05.")
def pair_command(counter_code):
    """Print a one-time 6-digit code that pairs a tablet with a counter (valid 10 minutes)."""
    session = write_session()
    counter = session.scalar(select(Counter).where(Counter.code == counter_code.strip()))
    if counter is None:
        raise CommandError(_("There is no counter with the code %(code)s.",
                             code=repr(counter_code)))
    try:
        issued = issue_pairing_code(session, counter)
    except PairingError as exc:
        raise CommandError(exc.message) from None
    record_audit(session, action="tablet.pairing_code", actor="cli", object_type="counter",
                 object_id=counter.id, note=counter.code)
    session.commit()
    zone = current_app.config["TIMEZONE"]
    until = issued.expires_at.astimezone(ZoneInfo(zone))
    click.echo(f"Pairing code for counter {counter.code}: {issued.code}")
    click.echo(f"Type it on the tablet at /kiosk/ before {until:%H:%M} ({zone}); it works once.")


@kiosk_cli.command("close-sign-ins")
@scheduled_job("close-sign-ins")
def close_sign_ins_command(job):
    """Sign out every officer whose site has closed (a timer runs it every 15 minutes)."""
    session = write_session()
    ended = sign_out_at_closing_time(session, current_app.config["TIMEZONE"], server_now())
    session.commit()
    job.report(f"Signed out {ended} officer(s) at closing time.")
    click.echo(job.detail)


def init_app(app) -> None:
    """Register the kiosk command group."""
    app.cli.add_command(kiosk_cli)
