"""The tablet's interface text, sent to the page in both languages so it can switch without
a reload; questionnaire labels come from the database, never from here."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

#: Key used by the page (data-t="…") → English message id, translated in the .po catalogue.
UI_STRINGS = {
    "app_title": _l("Citizen satisfaction rating"),
    "pair_title": _l("Pair this tablet with a counter"),
    "pair_help": _l("Type the 6-digit code the administrator gave you."),
    "pair_code": _l("Pairing code"),
    "pair_button": _l("Pair"),
    "pair_invalid": _l("The code is wrong, used or expired. Ask for a new code."),
    "not_authorised": _l("This device is not authorised"),
    "not_authorised_help": _l("Ask the administrator for a new pairing code."),
    "pair_again": _l("Pair again"),
    "closed_title": _l("Counter temporarily closed"),
    "closed_help": _l("Ratings resume when an officer signs in."),
    "no_questionnaire": _l("No questionnaire is active yet."),
    "officer_sign_in": _l("Officer sign-in"),
    "choose_officer": _l("Choose the officer signing in"),
    "no_officers": _l("No officer is assigned to this counter."),
    "enter_pin": _l("Enter your PIN"),
    "sign_in": _l("Sign in"),
    "back": _l("Back"),
    "delete": _l("Delete"),
    "wrong_pin": _l("Wrong PIN. Attempts left: {n}."),
    "locked": _l("Too many wrong PINs. Try again after {time}."),
    "pin_not_set": _l("This officer has no PIN yet. Ask the administrator."),
    "offline": _l("No connection to the server. Please try again."),
    "error": _l("Something went wrong. Please try again."),
    "counter_number": _l("Counter {number}"),
    "rate_prompt": _l("Please rate how satisfied you are"),
    "ticket": _l("Ticket {number}"),
    "dossier": _l("Dossier {code}"),
    "you_chose": _l("You chose:"),
    "details_help": _l("You may tell us more (optional), then press Send."),
    "details_help_reason": _l("Please tell us why: a reason is required, the other questions "
                              "are optional. Then press Send."),
    "change_choice": _l("Tapped the wrong face? Choose another one:"),
    "conduct_title": _l("Did the officer do the following?"),
    "yes": _l("Yes"),
    "no": _l("No"),
    "misconduct_question": _l("Did you meet any of the following behaviours?"),
    "reasons_title": _l("Why were you not satisfied? (required)"),
    "reason_text": _l("Other reason"),
    "comment": _l("Other comments (optional)"),
    "send": _l("Send"),
    "reason_required": _l("Please choose or write at least one reason."),
    "thanks": _l("Thank you!"),
    "thanks_help": _l("Your rating has been recorded."),
    "idle_warning": _l("Touch to continue"),
    "cooldown": _l("Please wait {seconds} seconds before the next rating."),
    "sign_out": _l("Sign out"),
    "sign_out_pin": _l("Enter your PIN to end your working session"),
    "locked_until": _l("Locked until {time}"),
    "locked_for_good": _l("Locked: a leader must unlock"),
    "locked_needs_leader": _l("Too many wrong PINs. A leader must unlock this officer."),
    "idle_countdown": _l("Nobody has touched the screen. Your choice \"{level}\" will be sent "
                         "alone in {n} seconds, and the screen will reset."),
    "idle_countdown_drop": _l("Nobody has touched the screen. This rating needs a reason, so it "
                              "will be cancelled in {n} seconds, and the screen will reset."),
    "continue_rating": _l("Continue this rating"),
    "finish_now": _l("Finish now"),
    "pending": _l("Ratings waiting to be sent: {n}"),
    "photo_of": _l("Photo of {name}"),
    "language": _l("Language"),
}


def strings_in(locale: str) -> dict[str, str]:
    """Return every interface string translated into locale."""
    with force_locale(locale):
        return {key: str(message) for key, message in UI_STRINGS.items()}
