"""/api/v1/kiosk/…: what the counter tablet calls — pairing, state, sign-in, ratings, heartbeat."""

from datetime import timedelta

from flask import Response, current_app, jsonify, request
from werkzeug.security import check_password_hash

from kiosk.api import bp
from kiosk.api import tablet_payloads as payloads
from kiosk.api.tablet_auth import tablet_call
from kiosk.api.tablet_views import officer_json, state_json
from models.ops.audit import record_audit
from models.ops.devices import PairingError, redeem_pairing_code
from models.ops.pins import LockoutPolicy
from models.ops.ratings import RecordOutcome
from models.ops.signins import SignInRefused, sign_in_officer, sign_out_with_pin
from models.ops.tablets import (
    QuestionnaireCache,
    lock_tablet,
    record_heartbeat,
    take_tablet_rating,
)
from models.queries.devices import counter_view, officer_for_counter, officer_photo
from models.queries.devices import officers_for_counter as eligible_officers
from web.bodies import body_limit
from web.db import get_database, write_session
from web.errors import ApiError
from web.integrity import screening
from web.throttle import per_client

#: HTTP status of each sign-in refusal.
SIGN_IN_STATUS = {
    "unknown_officer": 404,
    "pin_not_set": 409,
    "wrong_pin": 403,
    "officer_locked": 423,
    "sign_in_conflict": 409,
}


@bp.post("/kiosk/pair")
@body_limit(payloads.MAX_SMALL_BODY_BYTES)
@per_client("pair", "KIOSK_PAIR_RATE_LIMIT", also=[("all", "KIOSK_PAIR_GLOBAL_LIMIT")])
def pair_tablet():
    """Redeem a one-time pairing code; answer the device secret, once."""
    code, name = payloads.pairing(payloads.json_body())
    session = write_session()
    try:
        paired = redeem_pairing_code(session, code, name=name)
    except PairingError as exc:
        raise ApiError(400, exc.code, "The pairing code is unknown, used or expired.") from None
    counter = counter_view(session, paired.counter_id)
    record_audit(session, action="tablet.pair", actor="tablet", ip=request.remote_addr,
                 object_type="tablet", object_id=paired.tablet_id, note=counter.code)
    session.commit()
    body = {"tablet_id": paired.tablet_id, "secret": paired.secret,
            "counter": {"id": counter.id, "code": counter.code, "number": counter.number}}
    return jsonify(body), 201


@bp.get("/kiosk/state")
def tablet_state():
    """Return everything the tablet shows: counter, questionnaire, officer, open visit."""
    return jsonify(state_json(tablet_call(write=False)))


@bp.get("/kiosk/officers")
def list_officers():
    """Return the officers who may sign in at this tablet's counter."""
    call = tablet_call(write=False)
    cards = eligible_officers(call.session, call.counter, call.tablet.id, call.now)
    return jsonify({"officers": [officer_json(card) for card in cards]})


@bp.get("/kiosk/officers/<int:officer_id>/photo")
def get_officer_photo(officer_id):
    """Return the photo of an officer who may sign in here; 404 when there is none."""
    call = tablet_call(write=False)
    photo = officer_photo(call.session, call.counter, officer_id)
    if photo is None:
        raise ApiError(404, "no_photo", "This officer has no photo; show the initials.")
    kind = "image/png" if photo.startswith(b"\x89PNG") else "image/jpeg"
    return Response(photo, mimetype=kind, headers={"Cache-Control": "no-store"})


def verify_pin(pin_hash: str, pin: str) -> bool:
    """Say whether pin matches the stored hash (a malformed hash matches nothing)."""
    try:
        return check_password_hash(pin_hash, pin)
    except ValueError:
        return False


def _settle(session):
    """Return the step between counting a PIN attempt and checking it: commit the count
    (so it outlives anything that follows, and no write lock is held while the slow hash
    is checked), then start the next write transaction."""
    def settle():
        session.commit()
        write_session(session)
    return settle


def _lockout_policy() -> LockoutPolicy:
    config = current_app.config
    return LockoutPolicy(alert_after=int(config["TRUST_LOCKOUT_ALERT_AFTER"]),
                         alert_hours=int(config["TRUST_LOCKOUT_ALERT_HOURS"]))


def _pin_refused(call, exc: SignInRefused) -> ApiError:
    """End the transaction as a refusal needs, and return the API error to raise."""
    if exc.code in ("wrong_pin", "officer_locked"):
        call.session.commit()  # the count and any lock-out record must outlive the refusal
    else:
        call.session.rollback()
    return ApiError(SIGN_IN_STATUS[exc.code], exc.code, exc.message, **exc.details)


@bp.post("/kiosk/sign-in")
@body_limit(payloads.MAX_SMALL_BODY_BYTES)
def sign_in():
    """Sign an officer in with their PIN; wrong PINs lock them out here, escalating."""
    call = tablet_call(write=True)
    officer_id, pin = payloads.sign_in(payloads.json_body())
    try:
        sign_in_officer(call.session, call.tablet.id, call.counter, officer_id, pin,
                        verify_pin=verify_pin, now=call.now, settle=_settle(call.session),
                        policy=_lockout_policy())
    except SignInRefused as exc:
        raise _pin_refused(call, exc) from None
    call.session.commit()
    card = officer_for_counter(call.session, call.counter, officer_id)
    return jsonify({"officer": officer_json(card, call=call, signed_in_at=call.now)})


@bp.post("/kiosk/sign-out")
@body_limit(payloads.MAX_SMALL_BODY_BYTES)
def sign_out():
    """Sign out the officer signed in at this tablet, who types their own PIN."""
    call = tablet_call(write=True)
    pin = payloads.sign_out(payloads.json_body())
    try:
        signed_out = sign_out_with_pin(call.session, call.tablet.id, pin, verify_pin=verify_pin,
                                       now=call.now, settle=_settle(call.session),
                                       policy=_lockout_policy())
    except SignInRefused as exc:
        raise _pin_refused(call, exc) from None
    call.session.commit()
    return jsonify({"signed_out": signed_out})


def _result(index: int, outcome: RecordOutcome) -> dict:
    result = {"index": index, "id": str(outcome.id), "status": outcome.status}
    if outcome.code:
        result.update(code=outcome.code, message=outcome.message)
    return result


def _take_one(call, index, raw, questionnaires, skew) -> dict:
    if not isinstance(raw, dict):
        return {"index": index, "id": None, "status": "rejected", "code": "invalid_item",
                "message": "each rating must be a JSON object"}
    try:
        rating_uuid = payloads.rating_id(raw)
    except payloads.ItemInvalid as exc:
        raw_id = raw.get("id")
        return {"index": index, "id": raw_id if isinstance(raw_id, str) else None,
                "status": "rejected", "code": exc.code, "message": exc.message}
    try:
        item = payloads.tablet_rating(raw, rating_uuid)
    except payloads.ItemInvalid as exc:
        return _result(index, RecordOutcome(rating_uuid, "rejected", exc.code, exc.message))
    outcome = take_tablet_rating(
        call.session, call.tablet.id, item, questionnaires, clock_skew=skew,
        cooldown_seconds=call.counter.cooldown_seconds, zone=call.zone, now=call.now,
        screening=screening(),
    )
    return _result(index, outcome)


@bp.post("/kiosk/ratings")
@body_limit(payloads.MAX_BATCH_BYTES)
def upload_ratings():
    """Take a batch from the tablet's outbox: each rating created, duplicate or rejected.

    The batch commits as one transaction; each rating is written whole or not at all. The
    device check and the parsing happen before the write transaction starts, so on SQLite the
    write lock is held only while the ratings are checked and stored. Uploads of one tablet
    take their turn on the tablet's row, so a retry sent while the first upload is still
    being stored waits for it (and finds its ratings duplicate) rather than deadlocking
    with it on PostgreSQL.
    """
    call = tablet_call(write=False)
    sent_at, items = payloads.batch(payloads.json_body(payloads.MAX_BATCH_BYTES))
    skew: timedelta = sent_at - call.now
    write_session(call.session)
    questionnaires = QuestionnaireCache(call.session, get_database().frozen_questionnaires)
    lock_tablet(call.session, call.tablet.id)
    results = [
        _take_one(call, index, raw, questionnaires, skew) for index, raw in enumerate(items)
    ]
    call.session.commit()
    return jsonify({"results": results, "server_time": call.now.isoformat()})


@bp.post("/kiosk/heartbeat")
@body_limit(payloads.MAX_SMALL_BODY_BYTES)
def heartbeat():
    """Record the tablet's outbox length, dead letters, app version and clock."""
    call = tablet_call(write=True)
    beat = payloads.heartbeat(payloads.json_body())
    skew = record_heartbeat(call.session, call.tablet.id, beat, call.now)
    call.session.commit()
    return jsonify({"server_time": call.now.isoformat(), "clock_skew_seconds": skew})
