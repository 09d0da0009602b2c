"""The tablet page itself: small, self-contained, Vietnamese first, readable, CSP-clean."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import update

from models import QuestionItem
from tests.kiosk.tablet_support import (  # noqa: F401 - fixtures
    frozen_now_fixture,
    paired_fixture,
)

#: The issue's bound on HTML + CSS + JS + fonts, uncompressed.
PAGE_WEIGHT_LIMIT = 150 * 1024
STATIC = Path(__file__).resolve().parents[2] / "kiosk" / "static" / "tablet"


class AssetLinks(HTMLParser):
    """Collect what a page loads, and anything CSP would refuse."""

    def __init__(self):
        super().__init__()
        self.urls, self.inline = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.urls.append(attrs.get("src")) if attrs.get("src") else self.inline.append(tag)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "manifest"):
            self.urls.append(attrs["href"])
        if tag in ("img", "iframe", "source") and attrs.get("src"):
            self.urls.append(attrs["src"])
        self.inline += [f"{tag} {name}" for name in attrs if name == "style" or
                        name.startswith("on")]

    def handle_data(self, data):
        if self.lasttag in ("script", "style") and data.strip():
            self.inline.append(f"<{self.lasttag}> body")


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.get_data()
    response.close()
    return body


def page_and_assets(client):
    html = fetch(client, "/kiosk/")
    links = AssetLinks()
    links.feed(html.decode())
    bodies = {"/kiosk/": html}
    for url in links.urls:
        if not url.startswith("data:"):
            bodies[url] = fetch(client, url)
    for url, body in list(bodies.items()):
        if url.split("?")[0].endswith(".css"):
            for font in re.findall(rb"url\(['\"]?([^'\")]+)", body):
                bodies[font.decode()] = fetch(client, font.decode())
    bodies["/kiosk/sw.js"] = fetch(client, "/kiosk/sw.js")
    return links, bodies


def test_the_page_with_its_css_js_and_fonts_weighs_under_150_kb(client):
    _links, bodies = page_and_assets(client)
    assert {url.split("?")[0] for url in bodies} >= {
        "/kiosk/", "/kiosk/static/tablet/tablet.css", "/kiosk/static/tablet/outbox.js",
        *(f"/kiosk/static/tablet/{part}.js"
          for part in ("core", "screens", "rating", "officers", "boot")),
        "/static/web/css/base.css", "/kiosk/sw.js"}
    assert all(bodies.values())
    total = sum(len(body) for body in bodies.values())
    assert total < PAGE_WEIGHT_LIMIT, f"{total} bytes"


def test_the_page_loads_nothing_from_outside_and_has_no_inline_code(client):
    links, bodies = page_and_assets(client)
    assert links.inline == []
    assert all(url.startswith("/") or url.startswith("data:") for url in links.urls)
    for url, body in bodies.items():
        body = body.replace(b'"http://www.w3.org/2000/svg"', b"")  # a namespace, not a request
        assert not re.search(rb"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", body, re.I), url


def test_the_page_starts_in_vietnamese_whatever_the_browser_asks(client):
    page = client.get("/kiosk/?lang=en", headers={"Accept-Language": "en"}).get_data(True)
    assert 'lang="vi"' in page
    for text in ("Ghép nối máy tính bảng với quầy", "Quầy tạm nghỉ",
                 "Thiết bị chưa được cấp phép", "Mời Ông/Bà đánh giá mức độ hài lòng",
                 "Chạm để tiếp tục", "Ông/Bà có gặp hành vi nào sau đây không?"):
        assert text in page


def test_the_english_texts_travel_with_the_page_for_the_language_switch(client):
    page = client.get("/kiosk/").get_data(True)
    assert "Please rate how satisfied you are" in page and "Touch to continue" in page


def test_the_questionnaire_is_never_written_into_the_page_or_its_scripts(client):
    _links, bodies = page_and_assets(client)
    for label in ("Rất hài lòng", "Không hài lòng", "Xin chào", "Luôn mỉm cười", "Tham nhũng"):
        for url, body in bodies.items():
            assert label.encode() not in body, (label, url)


def test_a_reworded_item_reaches_the_tablet_from_the_database(client, db, paired):
    db.execute(update(QuestionItem).where(QuestionItem.code == "HAI_LONG")
               .values(label_vi="Tạm hài lòng"))
    db.commit()
    items = client.get("/api/v1/kiosk/state", headers=paired.headers).json["questionnaire"]
    assert "Tạm hài lòng" in [item["label_vi"] for item in items["items"]]


def _luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, two):
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_matches_the_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_colour_pair_of_the_tablet_meets_wcag_aa():
    css = (STATIC / "tablet.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = {name[:-3] for name in colours if name.endswith("-fg")}
    assert len(pairs) >= 15 and all(f"{name}-bg" in colours for name in pairs)
    weak = {name: round(contrast(colours[f"{name}-fg"], colours[f"{name}-bg"]), 2)
            for name in pairs if contrast(colours[f"{name}-fg"], colours[f"{name}-bg"]) < 4.5}
    assert weak == {}


def test_no_text_on_the_tablet_is_smaller_than_20_px():
    css = (STATIC / "tablet.css").read_text()
    assert re.search(r"html\s*{\s*font-size:\s*125%", css)  # 1rem = 20 px
    sizes = re.findall(r"font-size:\s*([\d.]+)(rem|px|em|%)", css)
    too_small = [(value, unit) for value, unit in sizes
                 if (unit == "rem" and float(value) < 1) or (unit == "px" and float(value) < 20)
                 or (unit == "em" and float(value) < 1)]
    assert sizes and too_small == []


def test_the_service_worker_caches_the_versioned_app_shell(client):
    response = client.get("/kiosk/sw.js")
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(True)
    page = client.get("/kiosk/").get_data(True)
    for src in re.findall(r'(?:src|href)="(/kiosk/static/[^"]+)"', page):
        assert f'"{src.replace("&amp;", "&")}"' in body
    assert 'var SHELL = ["/kiosk/", ' in body
