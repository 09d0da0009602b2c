"""Issue 14, rows 6 and 7, through the console: zip bombs and damaged workbooks offered to
every import are refused with a clear Vietnamese message, never a 500, nothing written."""

import io

import pytest
from sqlalchemy import func, select

from models import Dossier, DossierStat, Officer
from tests.tabular.workbooks import (
    SHEET_HEAD,
    SHEET_TAIL,
    STRINGS_HEAD,
    rows_bomb,
    sheet,
    strings_bomb,
    workbook,
)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uploads")
    rows_bomb(folder / "rows.xlsx")
    strings_bomb(folder / "strings.xlsx")
    truncated = sheet([["a"], ["b"], ["c"]])
    out_of_range = (SHEET_HEAD + '<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c t="s">'
                    '<v>7</v></c></row>' + SHEET_TAIL)
    return {
        "rows bomb": ((folder / "rows.xlsx").read_bytes(), "có thể gây hại", None),
        "strings bomb": ((folder / "strings.xlsx").read_bytes(), "có thể gây hại", None),
        "truncated sheet": (workbook(truncated[:truncated.index('<row r="3">') + 15]),
                            "Tệp Excel bị hỏng", 3),
        "shared string out of range": (
            workbook(out_of_range, STRINGS_HEAD + "<si><t>x</t></si></sst>"),
            "Tệp Excel bị hỏng", 2),
        "not a zip": (b"PK\x03\x04 broken", "Không đọc được tệp này", None),
        "zip without a workbook": (_plain_zip(), "Không đọc được tệp này", None),
    }


def _plain_zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("readme.txt", "xin chào")
    return out.getvalue()


KINDS = ["rows bomb", "strings bomb", "truncated sheet", "shared string out of range",
         "not a zip", "zip without a workbook"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_import_refuses_bad_workbooks_readably(client, login, db, register_site, files,
                                                     kind):
    data, message, row = files[kind]
    login("admin")
    officers = db.scalar(select(func.count(Officer.id)))
    answers = [
        client.post("/admin/officers/import", data={"table": (io.BytesIO(data), "x.xlsx")},
                    content_type="multipart/form-data"),
        client.post("/admin/inputs/dossiers", data={"month": "2026-10",
                                                    "file": (io.BytesIO(data), "x.xlsx")},
                    content_type="multipart/form-data"),
        client.post("/admin/register", data={"site": register_site.site.id, "mapping": "auto",
                                             "file": (io.BytesIO(data), "x.xlsx")},
                    content_type="multipart/form-data"),
    ]
    for response in answers:
        page = response.get_data(as_text=True)
        assert response.status_code in (200, 400) and message in page
        assert row is None or f"Dòng {row}: {message}" in page or f"<td>{row}</td>" in page
    db.rollback()
    assert db.scalar(select(func.count(Officer.id))) == officers
    assert db.scalar(select(func.count(DossierStat.id))) == 0
    assert db.scalar(select(func.count(Dossier.id))) == 0
