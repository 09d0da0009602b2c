"""The register import: the samples' hand-counted figures, upserts with history, bad input
reported by row with nothing written, and nothing personal kept."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from evaluation import DossierStats
from models import Dossier, DossierChange, EvaluationMonth, RegisterImport
from models.ops.register import RegisterRejected
from models.queries.month_inputs import month_dossiers
from tests.register_support import OFFICIAL, VENDOR, import_file, import_items

UNKNOWN = {"digitised": None, "received_online": None, "returned_by_post": None,
           "supplement_requests": None, "quality_failures": None, "late_with_apology": None}


def stats(db, period):
    return month_dossiers(db, period).stats


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def item(code, **fields):
    return {"code": code, "officer_code": "CB0001", "received_on": "01/10/2026",
            "due_on": "08/10/2026", **fields}


def test_the_official_sample_gives_the_hand_counted_figures(db, register_site):
    summary = import_file(db, register_site.site, OFFICIAL)
    assert (summary.rows, summary.dossiers, summary.created, summary.without_officer,
            summary.skipped, summary.months) == (21, 19, 19, 1, [30, 31], {"2026-10": 19})
    assert "Tên cá nhân, tổ chức" in summary.ignored_columns
    october = stats(db, "2026-10")
    assert october[register_site.hoa.id] == DossierStats(
        received=7, early=2, on_time=2, late=1, returned=4, **UNKNOWN)
    assert october[register_site.nam.id] == DossierStats(
        received=6, early=1, on_time=2, late=2, returned=4, **UNKNOWN)
    assert october[register_site.mai.id] == DossierStats(
        received=5, early=2, on_time=1, late=1, returned=4, **UNKNOWN)


def test_the_vendor_sample_spans_two_months_and_fills_every_figure(db, register_site):
    summary = import_file(db, register_site.site, VENDOR)
    assert summary.months == {"2026-10": 3, "2026-11": 7}
    november = stats(db, "2026-11")
    assert november[register_site.hoa.id] == DossierStats(
        received=5, early=2, on_time=1, late=2, digitised=4, received_online=2,
        returned_by_post=2, returned=4, supplement_requests=2, quality_failures=1,
        late_with_apology=1)
    assert november[register_site.nam.id] == DossierStats(
        received=2, early=1, on_time=2, late=0, digitised=3, received_online=1,
        returned_by_post=1, returned=3, supplement_requests=1, quality_failures=0,
        late_with_apology=0)
    assert stats(db, "2026-10")[register_site.nam.id] == DossierStats(
        received=2, early=1, on_time=0, late=0, digitised=1, received_online=1,
        returned_by_post=0, returned=1, supplement_requests=0, quality_failures=0,
        late_with_apology=0)


def test_importing_the_same_file_again_changes_nothing(db, register_site):
    import_file(db, register_site.site, OFFICIAL)
    before = [(d.code, d.returned_on, d.officer_id) for d in db.scalars(select(Dossier))]
    changes = count(db, DossierChange)
    again = import_file(db, register_site.site, OFFICIAL)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 19)
    assert count(db, DossierChange) == changes
    assert [(d.code, d.returned_on, d.officer_id) for d in db.scalars(select(Dossier))] == before


def test_a_dossier_moves_on_and_its_history_is_kept(db, register_site):
    created = import_items(db, register_site.site, [item("HS-1")])
    import_items(db, register_site.site, [item("HS-1", resolved_on="07/10/2026")])
    summary = import_items(db, register_site.site, [item("HS-1", resolved_on="07/10/2026",
                                                         returned_on="2026-10-09")])
    assert summary.updated == 1
    dossier = db.scalar(select(Dossier))
    assert (dossier.resolved_on, dossier.returned_on) == (date(2026, 10, 7), date(2026, 10, 9))
    history = [c.changes for c in db.scalars(select(DossierChange).order_by(DossierChange.id))]
    assert history == [{"resolved_on": [None, "2026-10-07"]},
                       {"returned_on": [None, "2026-10-09"]}]
    assert dossier.import_id == created.import_id


def test_an_older_export_imported_later_loses_nothing(db, register_site):
    newer = item("HS-1", resolved_on="07/10/2026", returned_on="09/10/2026", digitised=True,
                 supplement_requests=2)
    import_items(db, register_site.site, [newer])
    older = item("HS-1", digitised=False, supplement_requests=0)
    summary = import_items(db, register_site.site, [older])
    assert summary.unchanged == 1
    dossier = db.scalar(select(Dossier))
    assert (dossier.returned_on, dossier.digitised, dossier.supplement_requests) == (
        date(2026, 10, 9), True, 2)


def test_a_corrected_date_replaces_the_old_one_and_says_so(db, register_site):
    import_items(db, register_site.site, [item("HS-1", resolved_on="07/10/2026")])
    import_items(db, register_site.site, [item("HS-1", resolved_on="06/10/2026")])
    last = db.scalars(select(DossierChange).order_by(DossierChange.id.desc())).first()
    assert last.changes == {"resolved_on": ["2026-10-07", "2026-10-06"]}


def test_a_blank_flag_in_a_column_the_file_has_means_no_and_a_missing_column_unknown(
        db, register_site):
    import_items(db, register_site.site, [item("HS-1")], present=frozenset({"digitised"}))
    import_items(db, register_site.site, [item("HS-2")], present=frozenset())
    flags = dict(db.execute(select(Dossier.code, Dossier.digitised)).all())
    assert flags == {"HS-1": False, "HS-2": None}


def refusal(db, site, items) -> list[tuple]:
    with pytest.raises(RegisterRejected) as refused:
        import_items(db, site, items)
    db.rollback()
    assert count(db, Dossier) == 0 and count(db, RegisterImport) == 0
    return [(p.row, p.field, p.code) for p in refused.value.problems]


@pytest.mark.parametrize("bad, expected", [
    (item("A", officer_code="CB9999"), ("officer_code", "unknown_officer")),
    (item("A", officer_code=None, officer="Ai Đó"), ("officer", "unknown_officer")),
    (item("A", resolved_on="30/09/2026"), ("resolved_on", "result_before_receipt")),
    (item("A", resolved_on="10/10/2026", returned_on="09/10/2026"),
     ("returned_on", "returned_before_result")),
    (item("A", due_on="30/09/2026"), ("due_on", "due_before_receipt")),
    (item("A", received_on="01/01/2027", due_on="05/01/2027"), ("received_on", "in_future")),
    (item("A", received_on="2026-13-01"), ("received_on", "bad_date")),
    (item("A", received_on=None), ("received_on", "missing_value")),
    (item("A", channel="fax"), ("channel", "bad_channel")),
    (item("A", digitised="maybe"), ("digitised", "bad_flag")),
    (item("A", applicant_phone="12"), ("applicant_phone", "bad_phone")),
    (item("A" * 70), ("code", "bad_code")),
])
def test_bad_rows_are_reported_with_their_number_and_nothing_is_written(db, register_site,
                                                                         bad, expected):
    problems = refusal(db, register_site.site, [item("OK-1"), bad])
    assert (2, *expected) in problems


def test_a_name_two_officers_share_is_ambiguous_and_never_guessed(db, register_site,
                                                                  make_officer):
    make_officer(counter=register_site.hoa.counters[0], full_name="Nguyễn Thị Hoa",
                 code="CB0099")
    db.commit()
    assert refusal(db, register_site.site, [item("A", officer_code=None,
                                                 officer="nguyễn  thị hoa")]) == [
        (1, "officer", "ambiguous_officer")]


def test_names_match_exactly_not_without_accents(db, register_site):
    summary = import_items(db, register_site.site, [item("A", officer_code=None,
                                                         officer="NGUYỄN THỊ HOA")])
    assert summary.created == 1
    db.rollback()
    assert refusal(db, register_site.site, [item("A", officer_code=None,
                                                 officer="Nguyen Thi Hoa")]) == [
        (1, "officer", "unknown_officer")]


def test_an_officer_of_another_site_is_refused(db, register_site, make_officer):
    make_officer(code="XA0001")
    db.commit()
    assert refusal(db, register_site.site, [item("A", officer_code="XA0001")]) == [
        (1, "officer_code", "officer_elsewhere")]


def test_a_code_twice_is_refused_only_when_the_content_differs(db, register_site):
    summary = import_items(db, register_site.site, [item("A"), item("A"), item("B")])
    assert (summary.rows, summary.dossiers) == (3, 2)
    db.rollback()
    assert refusal(db, register_site.site, [item("A"), item("B"),
                                            item("A", due_on="09/10/2026")]) == [
        (3, "code", "duplicate_code")]


def test_a_code_of_another_sites_register_is_refused(db, register_site, make_site):
    import_items(db, register_site.site, [item("A")])
    db.commit()
    other = make_site()
    db.commit()
    with pytest.raises(RegisterRejected) as refused:
        import_items(db, other, [{**item("A"), "officer_code": None}])
    assert [(p.row, p.code) for p in refused.value.problems] == [(1, "code_of_other_site")]


def test_a_change_that_would_put_dates_out_of_order_is_refused(db, register_site):
    import_items(db, register_site.site, [item("A", returned_on="05/10/2026")])
    db.commit()
    with pytest.raises(RegisterRejected) as refused:
        import_items(db, register_site.site, [item("A", resolved_on="06/10/2026")])
    assert [p.code for p in refused.value.problems] == ["conflicts_with_register"]


def test_every_problem_is_counted_and_the_first_two_hundred_listed(db, register_site):
    bad = [item(f"A{n}", officer_code="NOBODY") for n in range(250)]
    with pytest.raises(RegisterRejected) as refused:
        import_items(db, register_site.site, bad)
    assert (refused.value.total, len(refused.value.problems)) == (250, 200)


def test_changes_to_a_closed_month_are_kept_and_named(db, register_site):
    db.add(EvaluationMonth(period="2026-10", status="closed", snapshot={}))
    db.commit()
    summary = import_items(db, register_site.site, [item("A", resolved_on="07/10/2026")])
    assert summary.closed_months == ("2026-10",)


def test_names_addresses_and_phone_numbers_are_not_kept(db, register_site):
    import_file(db, register_site.site, OFFICIAL)
    import_file(db, register_site.site, VENDOR)
    db.commit()
    kept = json.dumps([[str(v) for v in row] for row in db.execute(select(Dossier)).all()]
                      + [[str(row.__dict__)] for row in db.scalars(select(Dossier))]
                      + [c.changes for c in db.scalars(select(DossierChange))],
                      ensure_ascii=False)
    for personal in ("Phạm Văn An", "Lý Thái Tổ", "0912 345 678", "0912345678", "345678",
                     "027190001234", "Trần Thị Xuân", "Công ty TNHH Bình Minh"):
        assert personal not in kept
    hashed = db.scalar(select(Dossier).where(Dossier.code == "000.00.20.H06-261001-0001"))
    assert hashed.phone_hash and len(hashed.phone_hash) == 64 and hashed.id_hash is None
