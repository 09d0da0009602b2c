"""Absolute links citizens open: survey URLs printed on QR codes, posters and slips."""

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """Return the absolute URL of endpoint at PUBLIC_BASE_URL, else at this request's host.

    A queue system may call the API on an internal address; the QR it prints must still
    carry the address citizens reach, so deployments set PUBLIC_BASE_URL.
    """
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
