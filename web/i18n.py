"""Language choice, Vietnamese by default; NFC for text that comes in from people."""

import unicodedata
from pathlib import Path

from flask import current_app, request, session
from flask_babel import get_locale

from web.extensions import babel

TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def init_app(app) -> None:
    """Bind Flask-Babel with the locale chosen per request."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(remember_language_choice)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())


def select_locale() -> str:
    """Return ?lang= if given, else the language remembered in the session, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or session.get("lang")
    return chosen if chosen in languages else languages[0]


def remember_language_choice() -> None:
    """Keep a ?lang= choice for the rest of the visit."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and session.get("lang") != chosen:
        session["lang"] = chosen


def nfc_filter(value):
    """WTForms filter: trim typed text, drop NUL characters, normalise to NFC.

    A NUL can only come from a crafted request, and PostgreSQL refuses it even in a
    query's parameters (a log-in as "ad%00min" was a 500); dropping it here also keeps
    such a name under the log-in throttle of the name it spells.
    """
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.replace("\x00", "").strip())
    return value
