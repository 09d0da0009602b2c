"""Counter posters for leaders and administrators: a static QR per counter, as A4 or A5 PDFs."""

from itertools import groupby
from typing import TYPE_CHECKING

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l

from admin.common.nav import add_nav
from admin.people.auth import require_roles
from models.queries.visit_counters import CounterRow, active_counters, counter_by_id
from web.db import get_session
from web.urls import public_url

if TYPE_CHECKING:
    from render.posters import CounterPoster

add_nav("admin.posters", _l("Counter posters"), ("leader",), order=60)


def _poster(counter: CounterRow) -> "CounterPoster":
    # ReportLab loads with the first poster, not at start-up.
    from render.posters import CounterPoster

    return CounterPoster(
        centre_name=counter.site_name,
        counter_number=counter.number,
        counter_code=counter.code,
        url=public_url("survey.poster", code=counter.code),
        counter_name=counter.name,
        department_name=counter.department_name,
    )


def _page_size() -> str:
    from render.posters import PAGE_SIZES

    size = request.args.get("size", "A4").upper()
    if size not in PAGE_SIZES:
        abort(400)
    return size


def _pdf(data: bytes, filename: str):
    headers = {"Content-Type": "application/pdf",
               "Content-Disposition": f'inline; filename="{filename}"'}
    return data, 200, headers


@require_roles("leader")
def posters():
    """List the active counters by site, with their poster downloads."""
    from render.posters import PAGE_SIZES

    counters = active_counters(get_session())
    sites = [(site, list(rows)) for site, rows in
             groupby(counters, key=lambda c: (c.site_id, c.site_name))]
    return render_template("fleet/posters.html", sites=sites, sizes=tuple(PAGE_SIZES))


@require_roles("leader")
def counter_poster_pdf(counter_id):
    """Return one counter's poster (?size=A4 or A5)."""
    counter = counter_by_id(get_session(), counter_id)
    if counter is None or not counter.active:
        abort(404)
    from render.posters import counter_posters_pdf

    size = _page_size()
    return _pdf(counter_posters_pdf([_poster(counter)], size),
                f"ap-phich-{counter.code}-{size}.pdf")


@require_roles("leader")
def site_posters_pdf(site_id):
    """Return the posters of every active counter of a site, one page each."""
    counters = active_counters(get_session(), site_id)
    if not counters:
        abort(404)
    from render.posters import counter_posters_pdf

    size = _page_size()
    return _pdf(counter_posters_pdf([_poster(c) for c in counters], size),
                f"ap-phich-diem-{site_id}-{size}.pdf")
