"""The console's long actions sent twice (a double click, a reload) are done once."""

import io
import re

import pytest
from sqlalchemy import func, select

from models import (
    AuditEntry,
    DossierStat,
    EvaluationMonth,
    FormSubmission,
    MonthEvent,
    Officer,
    RegisterImport,
    TaskAssignment,
)
from tests.monthdata import with_rubric
from tests.register_support import OFFICIAL

NONCE = "Qm9udW5nLWRvdWJsZS1jbGljay0x"
HEADER = "code,full_name,title,site_code,department_code,counter_codes"


def text(response) -> str:
    return response.get_data(as_text=True)


def count(db, column, *where):
    db.rollback()  # see what the console committed
    return db.scalar(select(func.count(column)).where(*where))


def audits(db, action):
    return count(db, AuditEntry.id, AuditEntry.action == action)


@pytest.fixture
def org(db, make_site, make_department):
    make_site(code="TTHCC")
    make_department(code="STP")
    db.commit()


def import_officers(client, rows, once=NONCE):
    csv = "\n".join([HEADER, *rows]).encode()
    return client.post("/admin/officers/import", data={
        "table": (io.BytesIO(csv), "officers.csv"), "once": once},
        content_type="multipart/form-data")


def test_the_import_page_carries_a_fresh_nonce_each_time(client, login, org):
    login("admin")
    pattern = re.compile(r'name="once" type="hidden" value="([A-Za-z0-9_-]{32})"')
    first = pattern.search(text(client.get("/admin/officers/import")))
    second = pattern.search(text(client.get("/admin/officers/import")))
    assert first and second and first.group(1) != second.group(1)


def test_an_officer_import_sent_twice_imports_once_and_answers_with_the_first_result(
        client, login, db, org):
    login("admin")
    first = import_officers(client, ["CB001,Nguyễn Thị Hoa,,TTHCC,STP,"])
    assert first.status_code == 302
    # The second copy of the form: the same nonce, another file even.
    second = import_officers(client, ["CB002,Trần Văn Nam,,TTHCC,STP,"])
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    page = text(client.get(second.headers["Location"]))
    assert "được gửi hai lần" in page
    assert "Đã đọc 1 dòng. Đã nhập: 1 công chức mới" in page
    assert db.scalars(select(Officer.code)).all() == ["CB001"]
    assert audits(db, "officer.import") == 1


def test_a_refused_import_leaves_the_nonce_free_for_the_corrected_file(client, login, db, org):
    login("admin")
    refused = import_officers(client, ["CB001,,,TTHCC,STP,"])
    assert refused.status_code == 200 and "Chưa nhập dòng nào" in text(refused)
    assert count(db, FormSubmission.nonce) == 0
    assert import_officers(client, ["CB001,Nguyễn Thị Hoa,,TTHCC,STP,"]).status_code == 302
    assert count(db, Officer.id) == 1 and count(db, FormSubmission.nonce) == 1


def test_a_nonce_used_by_another_account_is_refused(client, login, db, org):
    login("admin")
    import_officers(client, ["CB001,Nguyễn Thị Hoa,,TTHCC,STP,"])
    login("admin")
    response = import_officers(client, ["CB002,Trần Văn Nam,,TTHCC,STP,"])
    page = text(client.get(response.headers["Location"]))
    assert "đã được gửi từ một tài khoản khác" in page
    assert count(db, Officer.id) == 1


def test_a_malformed_nonce_is_explained_and_nothing_is_imported(client, login, db, org):
    login("admin")
    response = import_officers(client, ["CB001,Nguyễn Thị Hoa,,TTHCC,STP,"],
                               once="<script>")
    assert response.status_code == 200
    page = text(response)
    assert "Trang này đã cũ" in page and "&lt;script&gt;" not in page
    fresh = re.search(r'name="once" type="hidden" value="([A-Za-z0-9_-]{32})"', page).group(1)
    assert count(db, Officer.id) == 0
    again = import_officers(client, ["CB001,Nguyễn Thị Hoa,,TTHCC,STP,"], once=fresh)
    assert again.status_code == 302 and count(db, Officer.id) == 1


def test_a_dossier_import_sent_twice_imports_once(client, login, db, make_officer):
    with_rubric(db)
    make_officer(code="CB0001")
    db.commit()
    login("leader")
    good = b"officer_code,received,early,on_time,late,digitised\nCB0001,10,5,4,1,9\n"
    for _ in range(2):
        response = client.post("/admin/inputs/dossiers", data={
            "month": "2026-10", "file": (io.BytesIO(good), "thong-ke.csv"), "once": NONCE},
            content_type="multipart/form-data", follow_redirects=True)
    page = text(response)
    assert "được gửi hai lần" in page and "Đã đọc 1 dòng" in page
    assert audits(db, "dossiers.import") == 1
    assert count(db, DossierStat.officer_id) == 1


def test_an_assignment_import_sent_twice_imports_once(client, login, db, make_officer):
    officer = make_officer()
    db.commit()
    login("leader")
    good = f"officer_code;assigned\n{officer.code};120\n"
    for _ in range(2):
        response = client.post("/admin/inputs/assignments/import", data={
            "month": "2026-11", "file": (io.BytesIO(good.encode()), "giao.csv"),
            "once": NONCE}, content_type="multipart/form-data", follow_redirects=True)
    assert "được gửi hai lần" in text(response) and "Đã đọc 1 dòng" in text(response)
    assert audits(db, "assignments.import") == 1
    assert count(db, TaskAssignment.officer_id) == 1


def test_a_register_import_sent_twice_shows_the_first_summary(client, login, db,
                                                              register_site):
    login("hr")

    def send():
        return client.post("/admin/register", data={
            "site": register_site.site.id, "mapping": "auto", "once": NONCE,
            "file": (io.BytesIO(OFFICIAL.read_bytes()), OFFICIAL.name)},
            content_type="multipart/form-data")

    first, second = send(), send()
    assert first.status_code == second.status_code == 200
    assert "được gửi hai lần" not in text(first)
    page = text(second)
    assert "được gửi hai lần" in page
    assert "Số dòng đã đọc: 21" in page and "19 mới" in page and "30, 31" in page
    assert count(db, RegisterImport.id) == 1 and audits(db, "register.import") == 1
    # The page after an import carries a new nonce: the next file is imported.
    assert f'value="{NONCE}"' not in text(first)


def test_a_month_close_sent_twice_closes_once(client, login, db):
    with_rubric(db)
    db.commit()
    login("leader")
    page = text(client.get("/admin/months/2026-10"))
    assert 'name="once"' in page and "data-long-action" in page
    for _ in range(2):
        response = client.post("/admin/months/2026-10/close", data={"once": NONCE},
                               follow_redirects=True)
    page = text(response)
    assert "được gửi hai lần" in page and "Đã khóa tháng" in page
    assert "Tháng không ở trạng thái" not in page
    db.rollback()
    assert db.get(EvaluationMonth, "2026-10").status == "closed"
    assert count(db, MonthEvent.id, MonthEvent.action == "close") == 1
    assert audits(db, "month.close") == 1


def test_a_download_link_started_with_a_token_answers_with_the_cookie(client, login, db):
    with_rubric(db)
    db.commit()
    login("leader")
    page = text(client.get("/admin/ranking?month=2026-10"))
    assert page.count("data-download") == 4
    response = client.get("/admin/reports/ranking.xlsx",
                          query_string={"month": "2026-10", "download_token": "0123456789abcdef"})
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("hailong_download=0123456789abcdef;") and "Path=/admin/" in cookie
    bad = client.get("/admin/reports/ranking.xlsx?month=2026-10&download_token=%3Cx%3E")
    assert "hailong_download" not in bad.headers.get("Set-Cookie", "")
