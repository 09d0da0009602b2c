"""Hold a phone rating for a leader when a flag rule fires; ask phones for their client hints."""

from kiosk.survey import bp
from models.ops.flags import screen_and_flag
from models.ops.origins import record_origin
from models.ops.ratings import RecordOutcome
from web.db import get_session
from web.integrity import CLIENT_HINTS, screening, submission_origin


def screened(outcome: RecordOutcome) -> RecordOutcome:
    """After a phone rating is created, keep its origin (hashed) and run the flag rules.

    Flushes only: the rating, its origin and its flags commit together or not at all.
    """
    if outcome.status == "created":
        session = get_session()
        record_origin(session, outcome.id, submission_origin())
        screen_and_flag(session, outcome.id, screening())
    return outcome


@bp.after_request
def ask_for_client_hints(response):
    """Ask Chromium browsers for the phone model, which tells phones apart without a cookie."""
    response.headers.setdefault("Accept-CH", CLIENT_HINTS)
    return response
