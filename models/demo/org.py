"""Demo organisation: sites, departments, counters, officers, tablets and staff accounts."""

import hashlib
import math
import secrets
from datetime import timedelta

from models.base import utcnow
from models.demo import names
from models.devices import Tablet
from models.org import Counter, Department, Officer, Site
from models.staff import User

#: Demo staff accounts: (username, role, full name)
DEMO_STAFF = (
    ("admin", "admin", "Quản trị hệ thống"),
    ("lanhdao", "leader", "Nguyễn Văn Hùng"),
    ("nhansu", "hr", "Trần Thị Thu Trang"),
    ("daumoi", "liaison", "Lê Minh Đức"),
    ("canbo", "officer", None),
)


def create_sites(session) -> list[Site]:
    """Create the provincial centre and two commune/ward centres."""
    sites = [Site(code=code, name=names.SITE_NAME.format(place=place), kind=kind, address=address)
             for code, place, kind, address in names.SITES]
    session.add_all(sites)
    session.flush()
    return sites


def create_departments(session, sites) -> dict[int, list[Department]]:
    """Create the provincial departments and each commune's units, keyed by site id."""
    by_site = {sites[0].id: [Department(code=c, name=n, land_group=g)
                             for c, n, g in names.PROVINCIAL_DEPARTMENTS]}
    for site, (_code, place, _kind, _address) in zip(sites[1:], names.SITES[1:], strict=True):
        by_site[site.id] = [
            Department(code=f"{site.code}-{suffix}", name=f"{prefix} {place}", land_group=g)
            for suffix, prefix, g in names.COMMUNE_UNITS
        ]
    session.add_all([d for units in by_site.values() for d in units])
    session.flush()
    return by_site


def officer_split(total: int, sites) -> list[tuple[Site, int]]:
    """Share officers between sites: about 70% at the provincial centre."""
    if total <= len(sites):
        return [(sites[0], total)]
    province = max(1, round(total * 0.7))
    rest = total - province
    communes = sites[1:]
    shares = [rest // len(communes) + (1 if i < rest % len(communes) else 0)
              for i in range(len(communes))]
    return [(sites[0], province), *zip(communes, shares, strict=True)]


def create_officers(session, rng, sites, departments, total, pin_hash) -> list[Officer]:
    """Create officers with counters at their site (some counters shared by two officers)."""
    officers = []
    for site, count in officer_split(total, sites):
        units = departments[site.id]
        staff = [Officer(code=f"CB{len(officers) + j + 1:04d}", full_name=names.full_name(rng),
                         title=rng.choice(names.TITLES), site_id=site.id,
                         department_id=units[j % len(units)].id, pin_hash=pin_hash)
                 for j in range(count)]
        staff.sort(key=lambda o: o.department_id)
        session.add_all(staff)
        counters = _create_counters(session, site, staff)
        for index, officer in enumerate(staff):
            officer.counters = [counters[index % len(counters)]]
        officers.extend(staff)
    session.flush()
    return officers


def _create_counters(session, site, staff) -> list[Counter]:
    width = 3 if len(staff) > 99 else 2
    count = max(1, math.ceil(len(staff) * 0.75))
    counters = [
        Counter(code=f"{site.code}-{n:0{width}d}", site_id=site.id, number=n,
                department_id=staff[n - 1].department_id, name=f"Quầy số {n}")
        for n in range(1, count + 1)
    ]
    session.add_all(counters)
    session.flush()
    return counters


def create_tablets(session, counters, now) -> list[Tablet]:
    """Create two tablets paired with the first two counters, heard from recently."""
    tablets = [
        Tablet(name=f"Máy tính bảng {c.name}", counter_id=c.id,
               secret_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
               paired_at=now - timedelta(days=60), last_heartbeat_at=now - timedelta(seconds=40),
               app_version="demo")
        for c in counters[:2]
    ]
    session.add_all(tablets)
    session.flush()
    return tablets


def create_staff(session, officers, departments, password_hash) -> list[User]:
    """Create one account per role; the liaison sees the land and construction departments."""
    users = []
    for username, role, name in DEMO_STAFF:
        user = User(username=username, role=role, password_hash=password_hash,
                    full_name=name or officers[0].full_name, password_changed_at=utcnow())
        if role == "officer":
            user.officer_id = officers[0].id
        if role == "liaison":
            user.departments = [d for d in departments if d.land_group][:2]
        users.append(user)
    session.add_all(users)
    session.flush()
    return users
