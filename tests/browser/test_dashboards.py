"""The leaders' dashboard as a leader meets it on an office laptop (1366×768): every site and
department name printed in full in the charts, nothing scrolling sideways, months in
Vietnamese; axe-core finds no violation.

Screenshots go to the test's temporary folder; set HAILONG_SCREENSHOT_DIR=docs/console to
refresh the ones docs/reports.md shows.
"""

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from models.demo import DemoOptions, seed_demo
from tests.browser.accessibility import SIZES, check_page
from tests.browser.test_wayfinding import sign_in
from tests.factories import FAST_HASH, PASSWORD

pytestmark = pytest.mark.browser

#: Each chart label's lines joined, and the row headers of the table after the chart.
LABELS = """(section) => {
  const panel = document.getElementById(section);
  const svg = panel.querySelector("svg").getBoundingClientRect();
  return {
    labels: Array.from(panel.querySelectorAll("svg text.label")).map(t => {
      const box = t.getBoundingClientRect();
      return {text: Array.from(t.querySelectorAll("tspan")).map(s => s.textContent).join(" "),
              inside: box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5,
              lines: t.querySelectorAll("tspan").length};
    }),
    names: Array.from(panel.querySelectorAll("table tbody th[scope=row]"))
      .map(th => th.textContent.trim()),
  };
}"""


@pytest.fixture
def province(db, runner):
    """The demo province: three centres whose names differ only at their end; last month's
    figures computed as `hailong dashboard refresh` does."""
    seed_demo(db, DemoOptions(officers=24, months=2, ratings_per_officer=15,
                              now=datetime.now(UTC) - timedelta(hours=1)),
              password_hash=generate_password_hash(PASSWORD, method=FAST_HASH),
              pin_hash=generate_password_hash("1234", method=FAST_HASH))
    db.commit()
    refreshed = runner.invoke(args=["dashboard", "refresh", "--months", "2"])
    assert refreshed.exit_code == 0, refreshed.output


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: the test's folder, or HAILONG_SCREENSHOT_DIR when set."""
    folder = Path(os.environ.get("HAILONG_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(path=str(folder / f"{name}.png"))


def test_a_leader_reads_full_names_on_a_laptop_without_scrolling_sideways(
    live_server, browser, province, shots
):
    context = browser.new_context(locale="vi-VN", viewport=SIZES["laptop"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "lanhdao", "/admin/dashboard")
    for section in ("sites", "departments"):
        found = page.evaluate(LABELS, section)
        assert len(found["names"]) >= 3, section
        assert [label["text"] for label in found["labels"]] == found["names"], section
        assert all(label["inside"] for label in found["labels"]), found["labels"]
        assert any(label["lines"] > 1 for label in found["labels"]), "long names wrap"
    sites = [label["text"] for label in page.evaluate(LABELS, "sites")["labels"]]
    assert {"Trung tâm Phục vụ hành chính công phường Kinh Bắc",
            "Trung tâm Phục vụ hành chính công xã Tân Yên"} <= set(sites)
    assert page.evaluate("""() => Array.from(document.querySelectorAll(
        "main, main .panel, main .chart-box")).filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => e.id || e.className)""") == []
    picker = page.locator("select[name=month]")
    assert re.fullmatch(r"Tháng \d{1,2} năm \d{4}", picker.locator("option:checked").inner_text())
    check_page(page)
    shots(page, "dashboard-laptop")
    for section in ("sites", "trend", "plan"):
        page.locator(f"#{section}").scroll_into_view_if_needed()
        page.evaluate("(id) => document.getElementById(id).scrollIntoView()", section)
        shots(page, f"dashboard-{section}-laptop")
    november = page.locator("select[name=month] option").nth(1).get_attribute("value")
    picker.select_option(november)
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url(f"**/admin/dashboard?month={november}")
    assert page.locator("select[name=month] option:checked").get_attribute("value") == november
    check_page(page)
    context.close()


def test_the_ranking_names_its_month_in_vietnamese_on_a_laptop(live_server, browser,
                                                               province, shots):
    context = browser.new_context(locale="en-US", viewport=SIZES["laptop"])  # not the browser's
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "nhansu", "/admin/ranking?site=all")
    shown = page.locator("select[name=month] option:checked").inner_text()
    assert re.fullmatch(r"Tháng \d{1,2} năm \d{4}", shown), shown
    check_page(page)
    shots(page, "ranking-month-laptop")
    context.close()
