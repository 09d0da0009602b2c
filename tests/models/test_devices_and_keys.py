"""Pairing codes, device secrets and integration keys."""

from datetime import UTC, datetime, timedelta

import pytest

from models import Tablet
from models.ops.apikeys import create_api_key, find_api_key, revoke_api_key
from models.ops.devices import (
    PAIRING_CODE_TTL,
    PairingError,
    find_tablet,
    issue_pairing_code,
    move_tablet,
    redeem_pairing_code,
    revoke_tablet,
)

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def test_a_pairing_code_pairs_one_tablet_once(db, make_counter):
    counter = make_counter()
    issued = issue_pairing_code(db, counter, now=NOW)
    assert len(issued.code) == 6 and issued.code.isdigit()
    paired = redeem_pairing_code(db, issued.code, now=NOW + timedelta(minutes=1))
    tablet = find_tablet(db, paired.secret)
    assert tablet.counter_id == counter.id and paired.secret not in tablet.secret_hash
    with pytest.raises(PairingError):
        redeem_pairing_code(db, issued.code, now=NOW + timedelta(minutes=2))


@pytest.mark.parametrize("code", ["000000x", "", "12345"])
def test_an_unknown_code_is_refused(db, make_counter, code):
    issue_pairing_code(db, make_counter(), now=NOW)
    with pytest.raises(PairingError):
        redeem_pairing_code(db, code, now=NOW)


def test_an_expired_code_is_refused(db, make_counter):
    issued = issue_pairing_code(db, make_counter(), now=NOW)
    with pytest.raises(PairingError):
        redeem_pairing_code(db, issued.code, now=NOW + PAIRING_CODE_TTL)


def test_an_inactive_counter_cannot_be_paired(db, make_counter):
    with pytest.raises(PairingError):
        issue_pairing_code(db, make_counter(active=False), now=NOW)


def test_a_revoked_tablet_is_no_longer_found(db, make_counter):
    paired = redeem_pairing_code(db, issue_pairing_code(db, make_counter(), now=NOW).code, now=NOW)
    revoke_tablet(db, db.get(Tablet, paired.tablet_id), now=NOW)
    assert find_tablet(db, paired.secret) is None


def test_a_moved_tablet_serves_its_new_counter(db, make_counter):
    paired = redeem_pairing_code(db, issue_pairing_code(db, make_counter(), now=NOW).code, now=NOW)
    other = make_counter()
    move_tablet(db, db.get(Tablet, paired.tablet_id), other, now=NOW)
    assert find_tablet(db, paired.secret).counter_id == other.id


def test_an_api_key_works_until_revoked(db, make_site):
    site = make_site()
    issued = create_api_key(db, site, "Hệ thống xếp hàng")
    assert issued.key.startswith("hl_")
    record = find_api_key(db, issued.key)
    assert record.site_id == site.id and record.last_used_at is not None
    revoke_api_key(db, record)
    assert find_api_key(db, issued.key) is None
    assert find_api_key(db, "hl_wrong") is None
