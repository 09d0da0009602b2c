"""Importing officers from CSV and XLSX: all or nothing, problems listed by row number."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models import AuditEntry, Officer

HEADER = "code,full_name,title,site_code,department_code,counter_codes"


@pytest.fixture
def org(db, make_site, make_department, make_counter):
    site = make_site(code="TTHCC")
    make_department(code="STP")
    make_counter(site=site, code="Q01")
    make_counter(site=site, code="Q02")
    make_counter(code="XA-Q01")  # a counter of another site
    db.commit()
    return site


def upload(client, name, data):
    return client.post("/admin/officers/import",
                       data={"table": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def officers(db):
    return db.scalar(select(func.count(Officer.id)))


def test_a_good_csv_creates_every_officer(client, login, db, org):
    login("admin")
    csv = "\n".join([HEADER,
                     "CB001,Nguyễn Thị Hoa,Chuyên viên,TTHCC,STP,Q01",
                     "CB002,Trần Văn Nam,,TTHCC,STP,\"Q01, Q02\""]).encode("utf-8-sig")
    response = upload(client, "officers.csv", csv)
    assert response.status_code == 302
    named = {o.code: o for o in db.scalars(select(Officer))}
    assert named["CB001"].full_name == "Nguyễn Thị Hoa"
    assert sorted(c.code for c in named["CB002"].counters) == ["Q01", "Q02"]
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "officer.import"))
    assert entry.after["created"] == 2


def test_one_bad_row_rejects_the_whole_file_with_row_numbers(client, login, db, org):
    login("admin")
    csv = "\n".join([HEADER,
                     "CB001,Nguyễn Thị Hoa,,TTHCC,STP,Q01",
                     "CB002,,,TTHCC,SXD,XA-Q01",
                     "CB001,Lê Văn Ba,,NOWHERE,STP,"]).encode()
    response = upload(client, "officers.csv", csv)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert officers(db) == 0
    assert "Chưa nhập dòng nào" in page
    for row, text in [(3, "full_name"), (3, "Không có đơn vị nào mang mã “SXD”"),
                      (3, "Quầy “XA-Q01” thuộc trung tâm khác"),
                      (4, "Mã cán bộ CB001 (2) xuất hiện hai lần"),
                      (4, "Không có trung tâm nào mang mã “NOWHERE”")]:
        assert f"<tr><td>{row}</td><td>" in page and text in page


def test_an_xlsx_with_vietnamese_headers_imports_and_updates(client, login, db, org,
                                                             make_officer):
    make_officer(code="CB009", full_name="Tên cũ")
    db.commit()
    login("admin")
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã cán bộ", "Họ và tên", "Chức vụ", "Mã trung tâm", "Mã đơn vị"])
    sheet.append(["CB009", "Phạm Thu Hà", "Phó trưởng bộ phận", "TTHCC", "STP"])
    sheet.append([None, None, None, None, None])
    sheet.append([10, "Đỗ Minh", None, "TTHCC", "STP"])  # a number typed as the code
    data = io.BytesIO()
    book.save(data)
    response = upload(client, "officers.xlsx", data.getvalue())
    assert response.status_code == 302
    db.expire_all()
    updated = db.scalar(select(Officer).where(Officer.code == "CB009"))
    assert updated.full_name == "Phạm Thu Hà" and updated.site_id == org.id
    assert db.scalar(select(Officer.full_name).where(Officer.code == "10")) == "Đỗ Minh"


@pytest.mark.parametrize("name, data, message", [
    ("officers.txt", b"code\n", "Vui lòng tải lên tệp .csv hoặc .xlsx"),
    ("officers.xlsx", b"PK\x03\x04 not really a workbook", "Không đọc được tệp này"),
    ("officers.csv", "code,full_name\nCB1,Hà".encode("cp1258"), "không ở dạng UTF-8"),
    ("officers.csv", b"code,full_name\nCB1,Hoa\n", "dòng tiêu đề có các cột: site_code"),
    ("officers.csv", (HEADER + "\n").encode(), "không có công chức nào"),
])
def test_unreadable_files_are_explained(client, login, db, org, name, data, message):
    login("admin")
    response = upload(client, name, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert officers(db) == 0
