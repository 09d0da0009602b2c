"""The register in the console and the CLI: import with a summary or every problem by row,
saved column mappings, and the dossiers behind each figure of the officer's sheet."""

import io

from sqlalchemy import func, select

from models import AuditEntry, Dossier, RegisterImport, RegisterMapping
from models.defaults import install_default_rubric
from tests.monthdata import with_rubric
from tests.register_support import OFFICIAL, VENDOR


def upload(client, site, path=None, data=None, name=None, mapping="auto"):
    content = data if data is not None else path.read_bytes()
    return client.post("/admin/register", data={
        "site": site.id, "mapping": mapping,
        "file": (io.BytesIO(content), name or path.name)}, content_type="multipart/form-data")


def test_hr_imports_the_official_register_and_reads_what_happened(client, login, db,
                                                                  register_site):
    login("hr")
    response = upload(client, register_site.site, OFFICIAL)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Số dòng đã đọc: 21" in page and "19 mới" in page
    assert "không ghi công chức tiếp nhận" in page and "30, 31" in page
    assert db.scalar(select(func.count(Dossier.id))) == 19
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "register.import"))
    assert entry.after["created"] == 19 and entry.after["months"] == {"2026-10": 19}


def test_a_bad_file_lists_every_problem_by_row_and_imports_nothing(client, login, db,
                                                                  register_site):
    login("leader")
    bad = ("Mã hồ sơ;Mã cán bộ tiếp nhận;Ngày tiếp nhận;Ngày hẹn trả;Ngày có kết quả\n"
           "A;CB0001;01/10/2026;08/10/2026;30/09/2026\n"
           "B;CB0404;01/10/2026;08/10/2026;\n").encode()
    response = upload(client, register_site.site, data=bad, name="so.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<td>2</td><td>Ngày có kết quả trước ngày tiếp nhận (2026-09-30).</td>" in page
    assert "<td>3</td><td>Trung tâm không có công chức nào là “CB0404”.</td>" in page
    assert db.scalar(select(func.count(Dossier.id))) == 0
    assert db.scalar(select(func.count(RegisterImport.id))) == 0


def test_an_unreadable_file_is_explained(client, login, register_site):
    login("hr")
    response = upload(client, register_site.site, data=b"PK\x03\x04 not a workbook",
                      name="so.xlsx")
    assert "Không đọc được tệp này" in response.get_data(as_text=True)
    no_officer = "Mã hồ sơ,Ngày tiếp nhận,Ngày hẹn trả\nA,01/10/2026,08/10/2026\n".encode()
    response = upload(client, register_site.site, data=no_officer, name="so.csv")
    assert "Không có cột nào ghi công chức tiếp nhận" in response.get_data(as_text=True)


def test_a_saved_mapping_reads_a_source_with_its_own_headers(client, login, db,
                                                             register_site):
    login("hr")
    response = client.post("/admin/register/mappings/new", data={
        "name": "Phần mềm X", "code": "Số biên nhận", "officer_code": "Người nhận (mã)",
        "received_on": "Nhận lúc", "due_on": "Hẹn | Hẹn trả"})
    assert response.status_code == 302
    mapping = db.scalar(select(RegisterMapping))
    assert mapping.columns["due_on"] == ["Hẹn", "Hẹn trả"]
    data = ("Số biên nhận,Người nhận (mã),Nhận lúc,Hẹn\n"
            "X-1,CB0002,02/10/2026,09/10/2026\n").encode()
    assert upload(client, register_site.site, data=data, name="x.csv").status_code == 400
    assert upload(client, register_site.site, data=data, name="x.csv",
                  mapping="Phần mềm X").status_code == 200
    db.commit()  # end the read, so the next one sees the console's write
    assert db.scalar(select(Dossier.officer_id)) == register_site.nam.id


def test_a_mapping_cannot_take_a_built_in_name(client, login, register_site):
    login("hr")
    page = client.post("/admin/register/mappings/new", data={"name": "mau06"}
                       ).get_data(as_text=True)
    assert "trùng với một mẫu có sẵn" in page


def test_the_sheet_links_each_figure_to_the_dossiers_behind_it(client, login, db,
                                                               register_site, make_user):
    with_rubric(db)  # the local plan: criteria B1, B2 count resolved early
    db.commit()
    login("hr")
    upload(client, register_site.site, VENDOR)
    sheet = client.get(f"/admin/ranking/officers/{register_site.hoa.id}?month=2026-11")
    page = sheet.get_data(as_text=True)
    assert "Tính từ sổ theo dõi hồ sơ" in page
    link = f"/admin/ranking/officers/{register_site.hoa.id}/dossiers?month=2026-11&amp;figure=late"
    assert link in page
    assert page.count(link.replace("figure=late", "figure=early")) == 3  # B1, B2 and the list
    listed = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "G.27.11-261103-0003" in listed and "G.27.11-261110-0005" in listed
    assert "G.27.11-261102-0002" not in listed
    own = make_user("officer", officer_id=register_site.hoa.id)
    db.commit()
    client.post("/admin/logout")
    client.post("/admin/login", data={"username": own.username,
                                      "password": "correct horse battery staple"})
    mine = client.get("/admin/my-sheet/dossiers?month=2026-11&figure=returned_by_post")
    assert "G.27.11-261105-0004" in mine.get_data(as_text=True)


def test_the_cli_imports_with_progress_and_one_closing_line(runner, db, register_site):
    result = runner.invoke(args=["import-register", str(VENDOR), "--site", "TTPVHCC"])
    assert result.exit_code == 0, result.output
    assert "register-vendor-2026-11.csv: 10 rows, " in result.stderr
    assert ("Imported register-vendor-2026-11.csv into the register of TTPVHCC: 10 rows, 10 "
            "dossiers (10 new, 0 updated, 0 unchanged); received by month: 2026-10: 3, "
            "2026-11: 7; took ") in result.stdout
    again = runner.invoke(args=["import-register", str(VENDOR), "--site", "TTPVHCC"])
    assert "(0 new, 0 updated, 10 unchanged)" in again.output


def test_the_cli_lists_problems_and_changes_nothing(runner, db, register_site, tmp_path):
    bad = tmp_path / "so.csv"
    bad.write_text("Mã hồ sơ,Mã cán bộ tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả\n"
                   "A,CB0404,01/10/2026,08/10/2026\n", encoding="utf-8")
    result = runner.invoke(args=["import-register", str(bad), "--site", "TTPVHCC"])
    assert result.exit_code == 1
    assert "row 2: no officer of this site is 'CB0404'" in result.output
    assert "so.csv was not imported: 1 problem(s) in 1 rows; nothing was changed." in \
        result.output
    assert db.scalar(select(func.count(Dossier.id))) == 0
    unknown = runner.invoke(args=["import-register", str(bad), "--site", "NOWHERE"])
    assert unknown.exit_code == 1 and "no site with the code 'NOWHERE'" in unknown.output


def test_purge_clears_hashes_no_longer_needed_and_deletes_old_dossiers(runner, db,
                                                                       register_site):
    from datetime import date, timedelta

    from models.ops.register import purge_register
    from tests.register_support import import_items

    today = date(2026, 12, 7)
    base = {"officer_code": "CB0001", "applicant_phone": "0912345678"}
    import_items(db, register_site.site, [
        {**base, "code": "OLD", "received_on": "2024-10-01", "due_on": "2024-10-05",
         "returned_on": "2024-11-30"},
        {**base, "code": "DONE", "received_on": "2026-10-01", "due_on": "2026-10-05",
         "returned_on": (today - timedelta(days=31)).isoformat()},
        {**base, "code": "OPEN", "received_on": "2026-10-01", "due_on": "2026-10-05",
         "returned_on": (today - timedelta(days=30)).isoformat()},
    ], today=today)
    summary = purge_register(db, today=today, keep_months=24)
    assert (summary.hashes_cleared, summary.dossiers_deleted) == (2, 1)
    kept = dict(db.execute(select(Dossier.code, Dossier.phone_hash)).all())
    assert set(kept) == {"DONE", "OPEN"} and kept["DONE"] is None and kept["OPEN"]
    db.commit()
    result = runner.invoke(args=["register", "purge"])
    assert result.exit_code == 0 and "Register purged:" in result.output


def test_under_the_decree_the_sheet_shows_each_part_of_the_task_result_with_its_dossiers(
        client, login, db, register_site):
    install_default_rubric(db)
    db.commit()
    login("hr")
    upload(client, register_site.site, VENDOR)
    page = client.get(f"/admin/ranking/officers/{register_site.hoa.id}?month=2026-11"
                      ).get_data(as_text=True)
    parts = page[page.index('id="sub-rates-B1"'):page.index('id="grade"')]
    assert "Số lượng" in parts and "Chất lượng" in parts and "Tiến độ" in parts
    link = f"/admin/ranking/officers/{register_site.hoa.id}/dossiers?month=2026-11&amp;figure="
    assert f"{link}received" in parts and f"{link}late" in parts
    assert "sub_rates_applied" not in page and "số phần áp dụng" in page
