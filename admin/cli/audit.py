"""`hailong audit verify`: check the audit log's hash chain and name the first broken link."""

import re

import click
from flask.cli import AppGroup

from models.ops.audit import verify_chain
from web.db import get_session

audit_cli = AppGroup("audit", help="Check the tamper-evident audit log.")

ANCHOR = re.compile(r"(\d+):([0-9a-f]{64})")


def _anchor(_ctx, _param, values):
    anchors = []
    for value in values:
        match = ANCHOR.fullmatch(value.strip())
        if match is None:
            raise click.BadParameter(f"{value!r} is not SEQ:HASH (a number, a colon and the "
                                     "64 hex digits `hailong audit verify` printed)")
        anchors.append((int(match.group(1)), match.group(2)))
    return anchors


@audit_cli.command("verify")
@click.option("--expect", "anchors", multiple=True, callback=_anchor, metavar="SEQ:HASH",
              help="A head printed by an earlier run and kept outside the database; the "
                   "chain must still pass through it. May be given several times.")
def verify_command(anchors):
    """Walk the whole chain; exit 1 and name the first broken link if one no longer holds.

    Prints the chain's head (SEQ:HASH) when it holds: keep it somewhere the database's
    administrators cannot write (a signed report, another system's log) and pass it back
    with --expect later, which also catches a log rewritten and re-hashed from the start.
    """
    report = verify_chain(get_session(), expect=anchors)
    if report.intact:
        click.echo(f"The audit log is intact: {report.checked} entries checked.")
        click.echo(f"Head: {report.head_seq}:{report.head_hash}")
        return
    where = (f"entry {report.broken_seq} (id {report.broken_id})" if report.broken_seq
             else "the end of the log")
    click.echo(f"The audit log has been tampered with at {where}: {report.problem}.", err=True)
    click.echo(f"Entries before it check out: {report.checked}.", err=True)
    raise SystemExit(1)


def init_app(app) -> None:
    """Add `hailong audit`."""
    app.cli.add_command(audit_cli)
