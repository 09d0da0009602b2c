"""The one console blueprint: every room lists its URLs on it (``admin/<room>/routes.py``).

Endpoints stay ``admin.<view>`` whichever room a view lives in; the rooms' templates are
lent to Jinja by blueprints of their own (``admin.init_app``), the shared static files
(CSS, the page scripts) are this blueprint's.
"""

from flask import Blueprint

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    static_folder="static",
    static_url_path="/static",
)
