"""The JSON shapes the tablet reads: its state and officer cards."""

from models.ops.signins import closing_moment
from models.queries.devices import (
    OfficerCard,
    officer_for_counter,
    open_sign_in,
    open_visit_at_counter,
)
from models.queries.questionnaires import load_active_questionnaire


def officer_json(card: OfficerCard, *, call=None, signed_in_at=None) -> dict:
    """Return an officer card; with a sign-in, also when it began and when it ends."""
    body = {
        "id": card.id,
        "code": card.code,
        "full_name": card.full_name,
        "title": card.title,
        "department_name": card.department_name,
        "initials": card.initials,
        "has_photo": card.has_photo,
        "locked_until": card.locked_until.isoformat() if card.locked_until else None,
        "locked_for_good": card.locked_for_good,
    }
    if signed_in_at is not None:
        ends = closing_moment(signed_in_at, call.counter.closes_at, call.zone)
        body.update(signed_in_at=signed_in_at.isoformat(), ends_at=ends.isoformat())
    return body


def _signed_in_officer(call) -> dict | None:
    """Return the officer signed in here; one deactivated or moved away since is not shown."""
    sign_in = open_sign_in(call.session, call.tablet.id)
    card = officer_for_counter(call.session, call.counter, sign_in.officer_id) if sign_in else None
    return officer_json(card, call=call, signed_in_at=sign_in.signed_in_at) if card else None


def _visit_json(call, officer_id):
    visit = open_visit_at_counter(call.session, call.counter.id, officer_id, call.now)
    if visit is None:
        return None
    return {"id": visit.id, "ticket_number": visit.ticket_number,
            "dossier_code": visit.dossier_code, "opened_at": visit.opened_at.isoformat()}


def state_json(call) -> dict:
    """Return the tablet's state: counter, active questionnaire, officer and open visit."""
    counter = call.counter
    questionnaire = load_active_questionnaire(call.session)
    officer = _signed_in_officer(call)
    return {
        "server_time": call.now.isoformat(),
        "tablet": {"id": call.tablet.id},
        "counter": {
            "id": counter.id,
            "code": counter.code,
            "number": counter.number,
            "name": counter.name,
            "site_name": counter.site_name,
            "department_name": counter.department_name,
            "cooldown_seconds": counter.cooldown_seconds,
        },
        "questionnaire": questionnaire.to_dict() if questionnaire else None,
        "officer": officer,
        "visit": _visit_json(call, officer["id"]) if officer else None,
    }
