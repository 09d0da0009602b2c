"""Browser fixtures: the app served on a local port, and Debian's Chromium driven by Playwright.

A plugin of the root conftest, so that every test package (tests/browser, tests/faults) shares
the one Chromium: Playwright's sync API cannot run two at once in a process.
Chromium must be installed (`apt-get install chromium`, done by .ci/run); a missing browser
fails the tests rather than skipping them.
"""

import os
import shutil
import threading
import time

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

#: Pages poll the server every few seconds; assertions wait longer than one poll under load.
expect.set_options(timeout=15_000)

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Return the Chromium binary: HAILONG_CHROMIUM, else Debian's chromium on PATH."""
    path = os.environ.get("HAILONG_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium is not installed: apt-get install chromium (see .ci/run)")
    return path


def _read_whole(app):
    """Hand werkzeug each response as bytes already read, its file closed.

    When a browser drops a connection (a page left before its style sheet arrived), werkzeug's
    development server can fail before closing the response (werkzeug/serving.py, execute()),
    leaving a static file open: an unclosed-file warning lands in whatever test runs next.
    """

    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()

    return wsgi


class LiveServer:
    """The app under test, served by werkzeug in a background thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, _read_whole(app), threaded=True)
        # Closing waits for requests still being answered (a tablet's poll, say), so none
        # returns its database connection after the test has disposed of the engine.
        self.server.daemon_threads = False
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()


@pytest.fixture
def live_server(app):
    """Serve the test app on a free local port for the length of the test."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's driver, started once: the sync API allows one per process."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """One headless Chromium for the whole run."""
    launched = playwright_driver.chromium.launch(executable_path=chromium_path(),
                                                 args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies, no storage) and page per test."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def wait_until_controlled(page, timeout: float = 30.0) -> None:
    """Wait until the tablet page's service worker controls it (it then survives reloads).

    Polls from Python: ``page.wait_for_function`` re-evaluates its predicate with ``eval``,
    which the app's Content-Security-Policy rightly forbids. A slow machine can miss the
    worker's first claim of the page; every 10 s the page is reloaded (as the kiosk launcher
    would), which registers the worker again if its first install failed.
    """
    deadline = time.monotonic() + timeout
    reload_at = time.monotonic() + 10
    while not page.evaluate("navigator.serviceWorker.controller !== null"):
        now = time.monotonic()
        if now > deadline:
            raise AssertionError("the service worker never took control of the page")
        if now > reload_at:
            page.reload()
            reload_at = now + 10
        page.wait_for_timeout(100)
