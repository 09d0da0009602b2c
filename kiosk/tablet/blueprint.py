"""The "kiosk" blueprint: the tablet page at /kiosk/, its templates and static files."""

from pathlib import Path

from flask import Blueprint

PACKAGE = Path(__file__).resolve().parent.parent

bp = Blueprint(
    "kiosk",
    __name__,
    url_prefix="/kiosk",
    template_folder=str(PACKAGE / "templates"),
    static_folder=str(PACKAGE / "static"),
    static_url_path="/static",
)
