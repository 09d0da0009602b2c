"""Long write actions done once per form: a double click or a resend is not a second import.

Each long form (the imports, the month close) carries a hidden one-time nonce made when the
page is rendered (``once_field``). The view claims it in its write transaction before writing
(``Once``); the claim commits with the action or rolls back with it. A second POST of the same
nonce is answered with what the first one said (its messages and page), never by doing the
action again. A POST without a nonce (a script, an old page) is done as before: the nonce
guards against the browser sending one form twice, not against a person importing twice on
purpose, which the imports already make harmless or refuse.
"""

import re
import secrets
from datetime import UTC, datetime

from flask import flash, redirect
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField
from wtforms.validators import ValidationError

from models.ops.submissions import claim_submission, record_result

#: What a nonce looks like (``secrets.token_urlsafe(24)`` gives 32 characters).
NONCE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")


def new_nonce() -> str:
    """Return a fresh one-time nonce for a form about to be rendered."""
    return secrets.token_urlsafe(24)


def _well_formed(form, field) -> None:
    """Refuse a nonce no page of ours made; the form shown again carries a fresh one."""
    if field.data and not NONCE_PATTERN.match(field.data):
        field.data = new_nonce()
        raise ValidationError(_l("This page is out of date: please send the form again."))


def once_field():
    """The hidden one-time nonce of a long action's form (its error is shown by the page)."""
    return HiddenField(default=new_nonce, validators=[_well_formed])


class Once:
    """The claim of one form's nonce in the current write transaction.

    ``earlier`` is the submission already done with this nonce (then do nothing: answer
    with ``replay()``), or None (go on, and call ``done`` before committing).
    """

    def __init__(self, session, form, action: str):
        self.session = session
        self.nonce = form.once.data or None
        self.earlier = None
        if self.nonce:
            self.earlier = claim_submission(
                session, self.nonce, action=action, user_id=current_user.user.id,
                now=datetime.now(UTC))

    def done(self, result: dict) -> None:
        """Keep what the person is told (e.g. location and messages) for a replay."""
        if self.nonce:
            record_result(self.session, self.nonce, result)

    def replay(self, location: str):
        """Answer a resent form: nothing done again; the first answer's messages repeated."""
        self.session.rollback()
        earlier = self.earlier
        if earlier.user_id != current_user.user.id:
            flash(_("This form was already sent from another account; nothing was done."),
                  "error")
            return redirect(location)
        flash(_("This form was sent twice (a double click or a reload): it was done once, "
                "not again."), "info")
        for category, text in earlier.result.get("messages", []):
            flash(text, category)
        return redirect(earlier.result.get("location") or location)


def flash_all(messages: list[tuple[str, str]]) -> None:
    """Flash (category, text) pairs, in order."""
    for category, text in messages:
        flash(text, category)
