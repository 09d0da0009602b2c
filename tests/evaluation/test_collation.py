"""Vietnamese alphabetical order for words and people's names."""

import unicodedata

import pytest

from evaluation.collation import person_name_sort_key, vietnamese_sort_key


@pytest.mark.parametrize("smaller, larger", [
    ("a", "ă"), ("ă", "â"), ("â", "b"), ("c", "d"), ("d", "đ"), ("đ", "e"), ("e", "ê"),
    ("ê", "g"), ("n", "o"), ("o", "ô"), ("ô", "ơ"), ("ơ", "p"), ("u", "ư"), ("ư", "v"),
    ("x", "y"),
])
def test_letters_follow_the_vietnamese_alphabet(smaller, larger):
    assert vietnamese_sort_key(smaller) < vietnamese_sort_key(larger)


def test_tone_marks_order_ngang_huyen_hoi_nga_sac_nang():
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=vietnamese_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tone_marks():
    assert vietnamese_sort_key("án") < vietnamese_sort_key("anh")
    assert vietnamese_sort_key("cà") < vietnamese_sort_key("că")


def test_digraphs_are_letter_sequences_as_in_the_cldr_standard_order():
    assert vietnamese_sort_key("chi") < vietnamese_sort_key("cúc")
    assert vietnamese_sort_key("ngân") < vietnamese_sort_key("nhung") < vietnamese_sort_key("nữ")


def test_lower_case_sorts_before_upper_case_only_when_all_else_is_equal():
    assert vietnamese_sort_key("an") < vietnamese_sort_key("An") < vietnamese_sort_key("ăn")


def test_decomposed_and_composed_text_sort_the_same():
    composed = "Nguyễn Thị Ánh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert vietnamese_sort_key(decomposed) == vietnamese_sort_key(composed)


@pytest.mark.parametrize("names, expected", [
    (["Trần Thị Bình", "Lê Văn Ánh", "Nguyễn Văn An"],
     ["Nguyễn Văn An", "Lê Văn Ánh", "Trần Thị Bình"]),
    (["Nguyễn Văn Anh", "Lê Văn Anh", "Lê Anh"], ["Lê Anh", "Lê Văn Anh", "Nguyễn Văn Anh"]),
    (["Trần Ánh", "Lê Anh"], ["Lê Anh", "Trần Ánh"]),
    (["Lê Ánh", "Trần Anh"], ["Trần Anh", "Lê Ánh"]),
    (["Đỗ Dũng", "Đinh Đức", "Dương Dũng"], ["Dương Dũng", "Đỗ Dũng", "Đinh Đức"]),
    (["Phạm Thị Ư", "Phạm Thị U", "Phạm Thị Ứ"], ["Phạm Thị U", "Phạm Thị Ư", "Phạm Thị Ứ"]),
])
def test_people_sort_by_given_name_then_family_and_middle_names(names, expected):
    assert sorted(names, key=person_name_sort_key) == expected


def test_extra_spaces_in_a_name_do_not_change_its_place():
    assert person_name_sort_key("  Lê   Văn  Ánh ") == person_name_sort_key("Lê Văn Ánh")
