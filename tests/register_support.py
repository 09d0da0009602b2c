"""Helpers of the register tests: a site with the sample registers' officers, and imports."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from models.ops.register import import_register, open_register, table_records
from models.ops.register_columns import preset_columns

SAMPLES = Path(__file__).resolve().parent.parent / "docs" / "samples"
OFFICIAL = SAMPLES / "register-mau06-2026-10.xlsx"
VENDOR = SAMPLES / "register-vendor-2026-11.csv"
KEY = b"register-test-key"
ZONE = "Asia/Ho_Chi_Minh"
TODAY = date(2026, 12, 7)


@dataclass
class RegisterSite:
    """The site of the samples and its three officers (codes CB0001–CB0003)."""

    site: object
    hoa: object
    nam: object
    mai: object


@pytest.fixture
def register_site(db, make_site, make_department, make_counter, make_officer):
    site = make_site(code="TTPVHCC", name="Trung tâm Phục vụ hành chính công tỉnh")
    department = make_department()
    officers = []
    for number, (code, name) in enumerate([("CB0001", "Nguyễn Thị Hoa"),
                                           ("CB0002", "Trần Văn Nam"),
                                           ("CB0003", "Lê Thị Mai")], start=1):
        counter = make_counter(site=site, number=number, department_id=department.id)
        officers.append(make_officer(counter=counter, department=department, code=code,
                                     full_name=name))
    db.commit()
    return RegisterSite(site, *officers)


def import_file(db, site, path: Path, mapping: str = "auto", today: date = TODAY):
    """Import a register file through the real path (open_register, import_register)."""
    with path.open("rb") as stream:
        table = open_register(path.name, stream, preset_columns(mapping))
        return import_register(db, site.id, table_records(table), key=KEY, zone=ZONE,
                               today=today, filename=path.name, mapping=mapping,
                               ignored=table.header.ignored,
                               present=frozenset(table.header.positions))


def import_items(db, site, items: list[dict], today: date = TODAY, present=None):
    """Import dossiers given as field dicts (as the API does); row numbers from 1."""
    return import_register(db, site.id, list(enumerate(items, start=1)), key=KEY, zone=ZONE,
                           today=today, source="api", present=present)
