"""E-mail the leaders when the year's grading is due: `hailong month annual-remind`, daily.

Sends on the days `evaluation.annual_deadline.reminder_due` names while the year is not
graded; nothing is sent while SMTP_HOST is empty (the console's home shows the same notice).
"""

import smtplib
from email.message import EmailMessage

import click
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from admin.alerts.mail import send
from admin.cli.month import month_cli
from admin.evaluation import annual
from evaluation.annual_deadline import reminder_due, year_to_show
from models.ops.alert_mail import leader_addresses
from models.queries.year_grading import has_closed_period, window_of
from web import cli_text
from web.db import get_session
from web.jobs import scheduled_job


def due_year(session) -> int | None:
    """Return the year whose grading the leaders are reminded of today, or None."""
    day = annual.today()
    year = year_to_show(day, lambda y: window_of(session, y))
    status = annual.year_status(session, year)
    if status.grading is not None or not reminder_due(window_of(session, year), day):
        return None
    if year != day.year and not has_closed_period(session, year):
        return None
    return year


def reminder_message(session, year: int, to: list[str]) -> EmailMessage:
    """Return the reminder e-mail, in the console's default language."""
    config = current_app.config
    with force_locale(config["LANGUAGES"][0]):
        status = annual.year_status(session, year)
        text, _urgent = annual.deadline_notice(status)
        message = EmailMessage()
        message["Subject"] = _("[Hài Lòng] Annual grading of %(year)s: due %(deadline)s",
                               year=year, deadline=status.deadline.strftime("%d/%m/%Y"))
        message["From"], message["To"] = config["MAIL_FROM"], ", ".join(to)
        link = config["CONSOLE_URL"].rstrip("/")
        message.set_content(text + (f"\n\n{link}/admin/annual?year={year}\n" if link else "\n"))
    return message


@month_cli.command("annual-remind")
@scheduled_job("annual-remind")
def annual_remind_command(job):
    """E-mail the leaders when the year's grading is due (needs SMTP_HOST); run it daily."""
    if not current_app.config["SMTP_HOST"]:
        raise cli_text.CommandError(cli_text._("SMTP_HOST is not set: no e-mail can be sent."))
    session = get_session()
    year = due_year(session)
    to = leader_addresses(session) if year is not None else []
    if year is None or not to:
        line = ("No reminder due today." if year is None
                else "No active leader has an e-mail address.")
    else:
        try:
            send(reminder_message(session, year, to))
        except (OSError, smtplib.SMTPException) as exc:
            raise cli_text.CommandError(
                cli_text._("Could not send the e-mail: %(reason)s", reason=exc)) from None
        line = f"Reminded {len(to)} leader(s) of the grading of {year}."
    click.echo(line)
    job.report(line)
