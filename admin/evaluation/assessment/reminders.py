"""Reminders of the workflow: to officers who have not handed in, to heads with sheets waiting.

The console shows each person what waits for them; this also e-mails them when SMTP_HOST
is set (`hailong assessment remind --period YYYY-MM`, or the board's button).
"""

from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from models.queries.assessment import WAITING_OFFICER, BoardRow, PeriodState
from models.staff import User


@dataclass(frozen=True)
class Reminder:
    """One message: to whom, and the officers it is about."""

    address: str
    to_hand_in: bool
    officers: tuple[str, ...]


def reminders(session, rows: list[BoardRow], state: PeriodState) -> list[Reminder]:
    """Return who to remind: officers not handed in, department heads with sheets to review.

    Only active accounts with an e-mail address get one.
    """
    found: list[Reminder] = []
    users = {u.id: u for u in session.scalars(select(User).where(User.active))}
    for row in rows:
        account = users.get(row.user_id) if row.user_id else None
        if row.status in WAITING_OFFICER and account is not None and account.email:
            found.append(Reminder(account.email, True, (row.full_name,)))
    waiting: dict[str, list[str]] = {}
    for row in rows:
        head = users.get(row.head_user_id) if row.head_user_id else None
        if row.status == "submitted" and head is not None and head.email:
            waiting.setdefault(head.email, []).append(row.full_name)
    found += [Reminder(address, False, tuple(names)) for address, names in waiting.items()]
    return found


def message_for(reminder: Reminder, state: PeriodState, deadline_text: str) -> EmailMessage:
    """Return the reminder e-mail, in the console's default language."""
    config = current_app.config
    with force_locale(config["LANGUAGES"][0]):
        message = EmailMessage()
        message["From"], message["To"] = config["MAIL_FROM"], reminder.address
        if reminder.to_hand_in:
            message["Subject"] = _("[Hài Lòng] Self-assessment for %(period)s",
                                   period=state.period)
            body = _("Please hand in your self-assessment for %(period)s by %(deadline)s.",
                     period=state.period, deadline=deadline_text)
        else:
            message["Subject"] = _("[Hài Lòng] Self-assessments waiting for your review")
            body = _("These self-assessments for %(period)s wait for your review: %(names)s.",
                     period=state.period, names=", ".join(reminder.officers))
        link = config["CONSOLE_URL"].rstrip("/")
        message.set_content(body + (f"\n\n{link}/admin/assessment?period={state.period}\n"
                                    if link else "\n"))
    return message
