"""The password policy: length, common passwords, no composition rules."""

import unicodedata

import pytest

from admin.passwords import common_passwords, hash_password, password_matches, password_problem


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


def test_hashes_are_scrypt():
    assert hash_password("a long passphrase").startswith("scrypt:")


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
