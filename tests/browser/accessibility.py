"""Checks a console page as people meet it: axe-core's rules, and no sideways scrolling.

axe-core comes bundled in the axe-playwright-python wheel (no network, no npm); it is
injected with ``page.evaluate``, which the app's Content-Security-Policy does not govern.
"""

from axe_playwright_python.sync_playwright import Axe

#: The two screens the console is drawn for: a leader's phone and an office laptop.
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SIZES = {"phone": PHONE, "laptop": LAPTOP}

_AXE = Axe()


def axe_violations(page) -> list[str]:
    """Return one line per axe-core violation on the page (rule, impact, first targets)."""
    found = _AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            f"{[n['target'] for n in v['nodes'][:3]]}" for v in found]


def horizontal_overflow(page) -> int:
    """Return by how many CSS pixels the page is wider than the window (0: no scrolling)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth")


def small_targets(page, selector: str) -> list[str]:
    """Return the visible elements matching selector that are less than 44 px high."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector))
             .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
             .map(e => e.outerHTML.slice(0, 80))""", selector)


def overflowing(page) -> list[str]:
    """Return the innermost visible elements that reach past the window's right edge."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("body *"))
             .filter(e => e.offsetParent !== null && e.children.length === 0
                          && e.getBoundingClientRect().right > window.innerWidth + 0.5)
             .slice(0, 5).map(e => e.outerHTML.slice(0, 100))""")


def check_page(page) -> None:
    """Assert the page has no axe violation and does not scroll sideways."""
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    extra = horizontal_overflow(page)
    assert extra <= 0, f"{extra} px of sideways scroll: {overflowing(page)}"
