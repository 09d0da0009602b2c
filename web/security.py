"""Security headers on every response; Secure, __Host- session cookies over HTTPS."""

import hashlib

from flask import has_request_context, request
from flask.sessions import SecureCookieSessionInterface

#: No inline script or style anywhere: every asset is a file served by the app.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Session cookies signed with HMAC-SHA-256 (Flask's default is SHA-1), marked Secure
    and named with the ``__Host-`` prefix whenever the request came over HTTPS (the browser
    then refuses the cookie from any other host or path, and over plain HTTP)."""

    digest_method = staticmethod(hashlib.sha256)

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (
            has_request_context() and request.is_secure
        )

    def get_cookie_name(self, app) -> str:
        name = super().get_cookie_name(app)
        if self.get_cookie_secure(app) and not name.startswith("__"):
            return "__Host-" + name
        return name


def init_app(app) -> None:
    """Add the security headers to every response; Secure session cookies over HTTPS."""
    app.after_request(add_security_headers)
    app.session_interface = HttpsAwareSessionInterface()


#: Paths whose answers are about people (console pages, survey links, API data): never kept
#: by the browser's or a proxy's cache, so the back button on a shared computer or a
#: cache between the centre and the server cannot show them to the next person.
PRIVATE_PATHS = ("/admin/", "/s/", "/api/")


def add_security_headers(response):
    """Set CSP, nosniff, referrer policy, framing, HSTS over HTTPS, and no-store on private
    answers (see PRIVATE_PATHS; static files excepted)."""
    headers = response.headers
    if request.path.startswith(PRIVATE_PATHS) and not (request.endpoint or "").endswith(
        ".static"
    ):
        headers.setdefault("Cache-Control", "no-store")
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
