"""Weigh the counter tablet page: HTML + CSS + JS + fonts, uncompressed and gzipped.

    .venv/bin/python bench/tablet_page_weight.py

Serves the page from a throw-away SQLite database and follows every stylesheet, script,
font and service worker the page loads. Exits 1 when the total passes the 150 KB bound.
"""

import gzip
import re
import sys
import tempfile
from html.parser import HTMLParser

from benchrow import emit

from migrations import runner as migrate
from wsgi import create_app

LIMIT = 150 * 1024


class Links(HTMLParser):
    """Collect the URLs of scripts and stylesheets."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.urls.append(attrs["href"])


def weigh(client) -> dict[str, bytes]:
    """Return every file the tablet page loads, by URL."""
    bodies = {"/kiosk/": client.get("/kiosk/").get_data()}
    links = Links()
    links.feed(bodies["/kiosk/"].decode())
    for url in [*links.urls, "/kiosk/sw.js"]:
        response = client.get(url)
        bodies[url] = response.get_data()
        response.close()
    for body in list(bodies.values()):
        for font in re.findall(rb"url\(['\"]?([^'\")]+)", body):
            bodies[font.decode()] = client.get(font.decode()).get_data()
    return bodies


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, "TESTING": True,
                          "SECRET_KEY": "bench-secret-key-0123456789abcdefghij"})
        bodies = weigh(app.test_client())
        app.extensions["hailong.db"].engine.dispose()
    for url, body in bodies.items():
        print(f"{len(body):>8,} B  {len(gzip.compress(body)):>7,} B gz  {url.split('?')[0]}")
    total = sum(len(b) for b in bodies.values())
    zipped = sum(len(gzip.compress(b)) for b in bodies.values())
    print(f"{total:>8,} B  {zipped:>7,} B gz  total ({total / 1024:.1f} KB of {LIMIT // 1024} KB)")
    emit("tablet page weight, everything /kiosk/ loads", total, "bytes",
         target=f"< {LIMIT // 1024} KB", met=total < LIMIT, note=f"{zipped:,} bytes gzipped")
    return 0 if total < LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
