"""A document's layout reports its progress through ReportLab's progress callback.

``build_document(progress=…)`` hands ReportLab a ``LayoutProgress``; its count is the story's
units (a table's body row, any other flowable), and it grows page after page even while one
long table fills them.
"""

import io
import itertools
from datetime import date
from typing import ClassVar

import pytest
from pypdf import PdfReader
from reportlab.platypus import KeepTogether, Spacer

from render import document
from render.document import (
    Heading,
    LayoutProgress,
    Signatory,
    build_document,
    grid_table,
    para,
    story_units,
    styles,
)

HEADING = Heading("UBND TỈNH BẮC NINH", "Trung tâm Phục vụ hành chính công", "Bắc Ninh",
                  date(2026, 12, 1))


class Watched(LayoutProgress):
    """The callback, keeping what ReportLab told it."""

    told: ClassVar[list[tuple[str, int]]] = []

    def __call__(self, kind, value):
        Watched.told.append((kind, value))
        super().__call__(kind, value)


def _document(rows: int, progress=None) -> bytes:
    st = styles()
    data = [["STT", "Họ và tên"]] + [[f"{i}.", para(f"Cán bộ số {i}", st["cell"])]
                                     for i in range(rows)]
    return build_document(
        heading=HEADING, title_lines=["BẢNG TỔNG HỢP", "THÁNG 11/2026"],
        body=[grid_table(data, [40, 300]), para("Ghi chú.", st["small"])],
        signatories=[Signatory("Người lập biểu", "Trần Văn Lập")], progress=progress)


@pytest.fixture
def watched(monkeypatch):
    Watched.told = []
    monkeypatch.setattr(document, "LayoutProgress", Watched)
    return Watched


@pytest.mark.parametrize("rows", [1, 40, 300])
def test_the_callback_sees_the_pages_grow_and_the_count_reach_the_total(watched, rows):
    heard = []
    pdf = _document(rows, lambda done, total: heard.append((done, total)))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    told = watched.told
    assert told[0] == ("STARTED", 0) and told[1][0] == "SIZE_EST" and told[-1] == ("FINISHED", 0)
    assert [value for kind, value in told if kind == "PAGE"] == list(range(1, pages + 1))
    first, last = heard[0][1], heard[-1][1]
    assert heard[0] == (0, first) and heard[-1] == (last, last)
    assert first >= rows  # the table's body rows, the heading, the title lines, the note…
    # never back; the total may grow a little when ReportLab adds to the story as it goes
    assert all(b[0] >= a[0] and b[1] >= a[1] for a, b in itertools.pairwise(heard))
    assert all(done <= total for done, total in heard) and last - first <= 3
    # the count when each page begins: it grows with the pages, table or no table
    at_pages = [done for (kind, _v), (done, _t) in zip(told[2:], heard[1:], strict=False)
                if kind == "PAGE"]
    assert at_pages == sorted(at_pages) and len(set(at_pages)) == len(at_pages)
    if rows == 300:
        assert pages >= 5


def test_the_callback_changes_nothing_printed():
    def texts(pdf):
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    assert texts(_document(120, lambda done, total: None)) == texts(_document(120))


def test_a_table_counts_its_body_rows_and_a_kept_group_its_parts():
    table = grid_table([["a", "b"], ["c", "d"]] + [["1", "2"]] * 10, [40, 40], header_rows=2)
    assert story_units([table]) == 10
    assert story_units([Spacer(1, 1), KeepTogether([Spacer(1, 1), table])]) == 12
    assert story_units([]) == 0
