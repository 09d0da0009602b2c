"""Task counts from the register: each figure on its own local date, unknown stays unknown,
and a month's figures never come from both the register and the imported totals."""

import io

from models.ops.dossiers import import_dossier_stats
from models.queries.month_inputs import dossier_stats, month_dossiers
from models.queries.register import dossiers_behind
from tests.register_support import import_items


def item(code, **fields):
    return {"code": code, "officer_code": "CB0001", "received_on": "2026-10-20",
            "due_on": "2026-10-30", **fields}


def test_each_figure_counts_in_the_month_of_its_own_date(db, register_site):
    import_items(db, register_site.site, [
        item("A", received_on="2026-10-31", due_on="2026-11-03", resolved_on="2026-11-01",
             returned_on="2026-12-01"),
    ])
    hoa = register_site.hoa.id
    october, november, december = (dossier_stats(db, p).get(hoa)
                                   for p in ("2026-10", "2026-11", "2026-12"))
    assert (october.received, october.resolved, october.returned) == (1, 0, 0)
    assert (november.received, november.early, november.returned) == (0, 1, 0)
    assert (december.received, december.resolved, december.returned) == (0, 0, 1)


def test_a_result_on_the_promised_day_is_on_time_and_the_next_day_late(db, register_site):
    import_items(db, register_site.site, [
        item("A", resolved_on="2026-10-29"), item("B", resolved_on="2026-10-30"),
        item("C", resolved_on="2026-10-31", apology=True), item("D", resolved_on="2026-10-31",
                                                                apology=False)])
    figures = dossier_stats(db, "2026-10")[register_site.hoa.id]
    assert (figures.early, figures.on_time, figures.late, figures.late_with_apology) == (
        1, 1, 2, 1)


def test_a_figure_any_dossier_leaves_unknown_is_unknown(db, register_site):
    import_items(db, register_site.site, [item("A", resolved_on="2026-10-25", digitised=True)],
                 present=frozenset({"digitised"}))
    import_items(db, register_site.site, [item("B", resolved_on="2026-10-26")],
                 present=frozenset())
    figures = dossier_stats(db, "2026-10")[register_site.hoa.id]
    assert figures.resolved == 2 and figures.digitised is None


def test_the_register_covers_its_sites_month_and_other_sites_keep_their_totals(
        db, register_site, make_officer):
    elsewhere = make_officer(code="XA0001")
    db.commit()
    totals = (b"officer_code,received,early,on_time,late,digitised\n"
              b"CB0002,50,20,20,10,50\nXA0001,9,3,3,3,9\n")
    import_dossier_stats(db, "2026-10", "t.csv", io.BytesIO(totals), user_id=None)
    import_items(db, register_site.site, [item("A"), {**item("B"), "officer_code": None}])
    found = month_dossiers(db, "2026-10")
    assert found.from_register == {register_site.hoa.id}
    assert found.ignored_totals == {register_site.nam.id}
    assert found.stats[elsewhere.id].received == 9
    assert register_site.nam.id not in found.stats
    assert found.stats[register_site.hoa.id].received == 1


def test_the_dossiers_behind_a_figure_are_listed(db, register_site):
    import_items(db, register_site.site, [
        item("A", resolved_on="2026-10-29"), item("B", resolved_on="2026-10-31"),
        item("C", resolved_on="2026-11-02")])
    late = dossiers_behind(db, register_site.hoa.id, "2026-10", "late")
    assert [d.code for d in late.lines] == ["B"] and late.total == 1
    received = dossiers_behind(db, register_site.hoa.id, "2026-10", "received", per_page=2)
    assert (received.total, received.pages, [d.code for d in received.lines]) == (
        3, 2, ["A", "B"])
