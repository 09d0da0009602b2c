"""TOTP codes: which steps a code is taken for, once; recovery codes' shape."""

import re

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.ops.second_factor import (
    STEP_SECONDS,
    claim_step,
    clean_code,
    format_recovery_code,
    matching_step,
    new_seed,
)

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_800_000_015.0  # 15 s into step 60,000,000
STEP = int(NOW // STEP_SECONDS)


@pytest.mark.parametrize("offset, accepted", [
    (-2, False), (-1, True), (0, True), (1, True), (2, False),
])
def test_a_code_is_taken_for_its_step_and_its_neighbours_only(offset, accepted):
    code = pyotp.TOTP(SEED).at((STEP + offset) * STEP_SECONDS)
    assert (matching_step(SEED, code, NOW) == STEP + offset) is accepted


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12 34 5x", "١٢٣٤٥٦"])
def test_anything_but_six_digits_matches_no_step(typed):
    assert matching_step(SEED, typed, NOW) is None


def test_spaces_and_dashes_typed_in_a_code_are_forgiven():
    code = pyotp.TOTP(SEED).at(NOW)
    assert matching_step(SEED, f" {code[:3]} {code[3:]} ", NOW) == STEP
    assert clean_code("abcd-efgh ijkl-mnop") == "ABCDEFGHIJKLMNOP"


@given(st.integers(min_value=0, max_value=32_503_680_000))  # up to the year 3000
def test_a_code_made_now_is_always_taken_now(moment):
    assert matching_step(SEED, pyotp.TOTP(SEED).at(moment), moment) == moment // STEP_SECONDS


def test_a_step_is_claimed_once_and_never_an_older_one_after(db, make_user):
    user = make_user("leader")
    db.flush()
    assert claim_step(db, user.id, STEP)
    assert not claim_step(db, user.id, STEP)
    assert not claim_step(db, user.id, STEP - 1)
    assert claim_step(db, user.id, STEP + 1)


def test_seeds_are_160_random_bits_and_codes_print_in_groups():
    seeds = {new_seed() for _ in range(100)}
    assert len(seeds) == 100 and all(re.fullmatch(r"[A-Z2-7]{32}", seed) for seed in seeds)
    assert format_recovery_code("ABCDEFGHIJKLMNOP") == "ABCD-EFGH-IJKL-MNOP"
