"""Tell the page a download has started: the cookie busy.js waits for (docs/console.md)."""

import re

from flask import request

from admin.blueprint import bp

#: The page's random token (24 hex digits from busy.js; any short token of this shape).
TOKEN = re.compile(r"[0-9a-f]{8,64}\Z")
COOKIE = "hailong_download"


@bp.after_request
def mark_download_started(response):
    """Answer a download that carries ``download_token`` with a cookie naming that token.

    The cookie holds nothing secret (the page's own random token, readable by its script),
    lives a minute, and is only set on a successful answer: an error page replaces the page.
    """
    token = request.args.get("download_token", "")
    if response.status_code == 200 and TOKEN.match(token):
        response.set_cookie(COOKIE, token, max_age=60, path="/admin/", samesite="Strict",
                            secure=request.is_secure, httponly=False)
    return response
