"""E-mail to leaders about new alerts, through the SMTP server in the settings.

`hailong alerts mail` sends one message listing the alerts raised since the last run;
run it every minute (cron or a systemd timer), or `--watch 60` as a service. Nothing is
sent while SMTP_HOST is empty. A failed send puts the alerts back for the next run.
"""

import smtplib
import ssl
import time
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from models.ops.alert_mail import claim_new_alerts, leader_addresses, release_claim
from web import cli_text
from web.db import write_session
from web.jobs import scheduled_job

alerts_cli = AppGroup("alerts", help="Alerts: e-mail leaders about new ones.")

MAIL_SETTINGS = {
    "SMTP_HOST": "",
    "SMTP_PORT": 25,
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": False,
    "SMTP_SSL": False,
    "SMTP_TIMEOUT": 20,
    "MAIL_FROM": "hailong@localhost",
    #: Extra recipients besides the leaders' own addresses, separated by commas.
    "ALERT_MAIL_TO": "",
    #: The console's address, for links in the message, e.g. https://hailong.example.vn
    "CONSOLE_URL": "",
}


def recipients(session) -> list[str]:
    """Return the leaders' addresses and the extra ones, without repeats."""
    extra = [a.strip() for a in current_app.config["ALERT_MAIL_TO"].split(",") if a.strip()]
    return sorted(set(leader_addresses(session)) | set(extra))


def build_message(alerts, to: list[str]) -> EmailMessage:
    """Return the message listing alerts, in the console's default language."""
    config = current_app.config
    with force_locale(config["LANGUAGES"][0]):
        message = EmailMessage()
        message["Subject"] = _("[Hài Lòng] %(count)d new alerts", count=len(alerts))
        message["From"] = config["MAIL_FROM"]
        message["To"] = ", ".join(to)
        lines = [_("New alerts that need a follow-up:"), ""]
        for alert in alerts:
            lines.append(_describe(alert, config["TIMEZONE"]))
            if config["CONSOLE_URL"]:
                lines.append(f"  {config['CONSOLE_URL'].rstrip('/')}/admin/alerts/{alert.id}")
        message.set_content("\n".join(lines) + "\n")
    return message


def _describe(alert, zone) -> str:
    local = alert.created_at.astimezone(ZoneInfo(zone)).strftime("%d/%m/%Y %H:%M")
    what = alert.behaviour_vi if alert.kind == "misconduct" else _("Không hài lòng")
    text = _("%(time)s — %(what)s — %(officer)s, counter %(counter)d, %(site)s",
             time=local, what=what, officer=alert.officer_name or "—",
             counter=alert.counter_number, site=alert.site_name)
    said = " · ".join(t for t in (alert.reason_text, alert.comment) if t)
    return f"- {text}" + (f"\n  “{said}”" if said else "")


def send(message: EmailMessage) -> None:
    """Send a message through the configured SMTP server."""
    config = current_app.config
    # The server's certificate is checked (smtplib's own default context does not).
    context = ssl.create_default_context()
    if config["SMTP_SSL"]:
        connection = smtplib.SMTP_SSL(config["SMTP_HOST"], int(config["SMTP_PORT"]),
                                      timeout=config["SMTP_TIMEOUT"], context=context)
    else:
        connection = smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]),
                                  timeout=config["SMTP_TIMEOUT"])
    with connection as smtp:
        if config["SMTP_STARTTLS"] and not config["SMTP_SSL"]:
            smtp.starttls(context=context)
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)


def mail_new_alerts() -> int:
    """Mail the leaders about alerts raised since the last run; return how many."""
    if not current_app.config["SMTP_HOST"]:
        return 0
    session = write_session()
    to = recipients(session)
    if not to:
        return 0
    previous, alerts = claim_new_alerts(session)
    session.commit()
    if not alerts:
        return 0
    try:
        send(build_message(alerts, to))
    except (OSError, smtplib.SMTPException):
        write_session(session)
        release_claim(session, previous, alerts[-1].id)
        session.commit()
        raise
    return len(alerts)


@alerts_cli.command("mail")
@click.option("--watch", type=click.IntRange(5, 3600), default=None,
              help="Keep running, checking every this many seconds.")
@scheduled_job("alerts-mail")
def mail_command(watch, job):
    """E-mail the leaders about new alerts (needs SMTP_HOST)."""
    if not current_app.config["SMTP_HOST"]:
        raise cli_text.CommandError(cli_text._("SMTP_HOST is not set: no e-mail can be sent."))
    while True:
        try:
            line = f"Mailed {mail_new_alerts()} new alerts."
            click.echo(line)
        except (OSError, smtplib.SMTPException) as exc:
            if not watch:
                raise cli_text.CommandError(
                    cli_text._("Could not send the e-mail: %(reason)s", reason=exc)) from None
            click.echo(f"Could not send the e-mail, will retry: {exc}", err=True)
            line = None
        if not watch:
            job.report(line)
            return
        if line:
            job.beat(line)
        time.sleep(watch)


def init_app(app) -> None:
    """Default mail settings (HAILONG_SMTP_HOST …) and the `alerts` command group."""
    for key, value in MAIL_SETTINGS.items():
        app.config.setdefault(key, value)
    app.cli.add_command(alerts_cli)
