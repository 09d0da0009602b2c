"""Leave a marker in every staff browser, so that a rating sent from it later is flagged."""

from flask import current_app, request
from flask_login import current_user

from admin.blueprint import bp
from web.integrity import STAFF_MARKER_COOKIE, STAFF_MARKER_DAYS, marked_staff_user, staff_marker


@bp.after_request
def mark_staff_browser(response):
    """Set (or renew) the signed staff-browser cookie for the signed-in account.

    It outlives the session on purpose: an officer who signs out and then rates their own
    visit from the same browser is still flagged (docs/integrity.md, rule staff_session).
    """
    if request.endpoint == "admin.static" or not current_user.is_authenticated:
        return response
    user_id = current_user.user.id
    if marked_staff_user() != user_id:
        response.set_cookie(
            STAFF_MARKER_COOKIE, staff_marker(user_id), max_age=STAFF_MARKER_DAYS * 86400,
            path="/", httponly=True, secure=request.is_secure,
            samesite=current_app.config["SESSION_COOKIE_SAMESITE"])
    return response
