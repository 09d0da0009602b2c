"""Properties of the register's upsert: re-import is a no-op, row order does not matter, and
an import never loses a later state of a dossier (received → resolved → returned)."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Dossier, DossierChange
from models.ops.register import STORED, merge
from tests.register_support import import_items

FIXTURES = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def progress(draw):
    """A dossier's final state and its snapshots, as exports taken along the way show it."""
    received = draw(st.dates(date(2026, 9, 1), date(2026, 10, 31)))
    due = received + timedelta(days=draw(st.integers(0, 15)))
    resolved = received + timedelta(days=draw(st.integers(0, 20)))
    returned = resolved + timedelta(days=draw(st.integers(0, 5)))
    digitised_at = draw(st.integers(0, 2))
    requests = draw(st.integers(0, 3))
    snapshots = []
    for stage in range(3):
        snapshot = {"received_on": received.isoformat(), "due_on": due.isoformat(),
                    "digitised": stage >= digitised_at,
                    "supplement_requests": min(requests, stage + 1)}
        if stage >= 1:
            snapshot["resolved_on"] = resolved.isoformat()
        if stage >= 2:
            snapshot["returned_on"] = returned.isoformat()
        snapshots.append(snapshot)
    return snapshots


def incoming(snapshot: dict) -> dict:
    values = dict.fromkeys(STORED)
    for name in ("received_on", "due_on", "resolved_on", "returned_on"):
        if snapshot.get(name):
            values[name] = date.fromisoformat(snapshot[name])
    values["digitised"] = snapshot["digitised"]
    values["supplement_requests"] = snapshot["supplement_requests"]
    return values


@given(progress(), st.randoms())
def test_merging_snapshots_in_any_order_ends_at_the_latest_state(snapshots, rnd):
    order = list(snapshots)
    rnd.shuffle(order)
    stored = None
    for snapshot in order:
        stored, _changes = merge(stored, incoming(snapshot))
    latest, _ = merge(None, incoming(snapshots[-1]))
    assert stored == latest


@given(progress())
def test_merging_the_same_row_twice_changes_nothing_the_second_time(snapshots):
    stored, _ = merge(None, incoming(snapshots[1]))
    assert merge(stored, incoming(snapshots[1])) == (stored, {})


def register_state(db) -> list[tuple]:
    return [tuple(getattr(d, name) for name in ("code", *STORED))
            for d in db.scalars(select(Dossier).order_by(Dossier.code))]


def as_items(dossiers: list[list[dict]], stage: int) -> list[dict]:
    return [{"code": f"P-{n}", "officer_code": "CB0001", **snapshots[stage]}
            for n, snapshots in enumerate(dossiers)]


PRESENT = frozenset({"code", "officer_code", "received_on", "due_on", "resolved_on",
                     "returned_on", "digitised", "supplement_requests"})


@FIXTURES
@given(st.lists(progress(), min_size=1, max_size=6), st.randoms())
def test_importing_exports_in_any_order_ends_at_the_latest_state(db, register_site,
                                                                 dossiers, rnd):
    try:
        stages = [0, 1, 2]
        rnd.shuffle(stages)
        for stage in stages:
            import_items(db, register_site.site, as_items(dossiers, stage), present=PRESENT)
        shuffled = register_state(db)
        db.rollback()
        import_items(db, register_site.site, as_items(dossiers, 2), present=PRESENT)
        assert shuffled == register_state(db)
    finally:
        db.rollback()


@FIXTURES
@given(st.lists(progress(), min_size=2, max_size=8), st.integers(0, 2), st.randoms())
def test_row_order_does_not_matter_and_a_reimport_is_a_no_op(db, register_site, dossiers,
                                                             stage, rnd):
    try:
        items = as_items(dossiers, stage)
        import_items(db, register_site.site, items, present=PRESENT)
        in_order = register_state(db)
        changes = db.scalar(select(func.count(DossierChange.id)))
        again = import_items(db, register_site.site, items, present=PRESENT)
        assert (again.created, again.updated, again.unchanged) == (0, 0, len(items))
        assert db.scalar(select(func.count(DossierChange.id))) == changes
        db.rollback()
        shuffled = list(items)
        rnd.shuffle(shuffled)
        import_items(db, register_site.site, shuffled, present=PRESENT)
        assert register_state(db) == in_order
    finally:
        db.rollback()
