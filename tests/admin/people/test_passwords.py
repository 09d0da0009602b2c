"""The password policy: length, common passwords, no composition rules."""

import unicodedata

import pytest
from argon2 import PasswordHasher
from werkzeug.security import generate_password_hash

from admin.people.passwords import (
    common_passwords,
    hash_password,
    needs_rehash,
    password_matches,
    password_problem,
)


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short1!", "too_short"),
        ("abcdefgh" * 8, None),  # 64 characters are allowed
        ("x" * 128, None),
        ("x" * 129, "too_long"),
        ("password", "common"),
        ("PassWord1", "common"),  # case does not rescue a common password
        ("matkhau123", "common"),  # Vietnamese favourites are on the list too
        ("nguyenvana", "same_as_username"),
        ("tám chữ cái đủ rồi", None),  # Vietnamese letters count as one character each
        ("allletterslowercase", None),  # no composition rules
        ("HaiLong@2026", "context_word"),  # the product's name with digits and a sign
        ("Hài Lòng 123456", "context_word"),
        ("Bắc Ninh #2025!", "context_word"),  # the province
        ("nguyen.van.a-99", "context_word"),  # the username dressed up
        ("tôi thích phục vụ người dân", None),  # a passphrase may hold a context word
    ],
)
def test_password_policy(password, problem):
    assert password_problem(password, username="NguyenVanA") == problem


def test_the_common_list_ships_with_the_project_and_is_large():
    assert len(common_passwords()) > 8000
    assert all(len(word) >= 8 for word in common_passwords())


def test_a_password_typed_in_decomposed_unicode_matches_the_composed_one():
    composed = "mật khẩu của tôi"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert password_matches(hash_password(composed), decomposed)


def test_hashes_are_argon2id_with_the_owasp_parameters():
    stored = hash_password("a long passphrase")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert password_matches(stored, "a long passphrase")
    assert not password_matches(stored, "a long passphrasE")
    assert not needs_rehash(stored)


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:600000", "pbkdf2:sha256:1000"])
def test_older_hashes_still_match_and_are_marked_for_rehashing(method):
    stored = generate_password_hash("a long passphrase", method=method)
    assert password_matches(stored, "a long passphrase")
    assert not password_matches(stored, "another passphrase")
    assert needs_rehash(stored)


def test_a_weaker_argon2_hash_is_marked_for_rehashing():
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("x" * 12)
    assert password_matches(weak, "x" * 12) and needs_rehash(weak)


@pytest.mark.parametrize("stored", ["", "garbage", "$argon2id$v=19$broken", "md5:abc"])
def test_a_malformed_stored_hash_matches_nothing(stored):
    assert not password_matches(stored, "anything at all")


def test_create_user_refuses_a_common_password(runner):
    result = runner.invoke(
        args=["create-user", "--username", "root", "--role", "admin"],
        input="password123\npassword123\n",
    )
    assert result.exit_code == 1
    assert "too common" in result.output


def test_create_user_refuses_a_short_password(runner):
    result = runner.invoke(
        args=["create-user", "--username", "root", "--role", "admin"], input="abc\nabc\n"
    )
    assert result.exit_code == 1 and "at least 8" in result.output


def test_the_organisations_names_and_added_words_count_as_context(app):
    app.config["PASSWORD_CONTEXT_WORDS"] = "Phường Đông Ngàn, tiếp nhận"
    with app.app_context():
        assert password_problem("PhuongDongNgan2024", "x") == "context_word"
        assert password_problem("tiep-nhan-2026", "x") == "context_word"
        assert password_problem("Bac Ninh 2026", "x") == "context_word"  # ORG_PLACE
        assert password_problem("đồng hồ treo tường", "x") is None
