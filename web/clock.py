"""The server's clock: what "now" is where the kiosk decides closing time.

Tests move time by putting a callable in ``app.config["CLOCK"]`` (it returns an aware UTC
datetime); a deployment leaves it unset and reads the system clock. Nothing a request sends
can set it, and the environment cannot either: only a callable is accepted (web/config.py).
"""

from datetime import datetime

from flask import current_app

from models.base import utcnow


def server_now() -> datetime:
    """Return the current instant as the app's clock tells it (the system clock by default)."""
    clock = current_app.config.get("CLOCK")
    return utcnow() if clock is None else clock()
