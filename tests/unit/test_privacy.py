"""ID-card and mobile numbers in public text: found, normalised, and never echoed in full."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.privacy import Finding, find_private_numbers, mask


def check_char(first17: str) -> str:
    """GB 11643-1999, written here independently of the module under test.

    The check character a1 satisfies sum(a_i * W_i) for i = 1..18 ≡ 1 (mod 11) with
    W_i = 2^(i-1) mod 11 counted from the right, a1 = 10 written as X.
    """
    for candidate in range(11):
        digits = [int(c) for c in first17] + [candidate]
        total = sum(d * pow(2, 17 - i, 11) for i, d in enumerate(digits))
        if total % 11 == 1:
            return "X" if candidate == 10 else str(candidate)
    raise AssertionError("no check character")


def make_id(area: str, birth: str, seq: str) -> str:
    first17 = area + birth + seq
    return first17 + check_char(first17)


# Fictional numbers: real area codes and plausible birthdays, check digits computed above.
ID_A = make_id("511502", "19900307", "123")
ID_B = make_id("110105", "20011231", "004")
ID_C = make_id("440305", "19560229", "871")
IDS = [ID_A, ID_B, ID_C]
ID_X = next(make_id("320102", "19851010", f"{n:03d}") for n in range(1000)
            if check_char("32010219851010" + f"{n:03d}") == "X")


def test_independent_check_matches_known_weights():
    # the weights from the standard, as a second, literal check of the helper above
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for number in IDS + [ID_X]:
        total = sum(int(d) * w for d, w in zip(number[:17], weights))
        assert "10X98765432"[total % 11] == number[17]
    assert ID_X.endswith("X")


def found(text: str) -> list[tuple[str, str, int]]:
    return [(f.kind, f.value, f.start) for f in find_private_numbers(text)]


@pytest.mark.parametrize("number", IDS + [ID_X])
def test_valid_id_found(number):
    text = f"联系人张三，身份证号{number}，住 3 栋"
    assert found(text) == [("id_card", number, text.index(number))]


def test_lowercase_x_normalised():
    assert found(f"身份证：{ID_X.lower()}") == [("id_card", ID_X, 4)]


def test_id_with_spaces_and_fullwidth_digits():
    grouped = f"{ID_A[:6]} {ID_A[6:14]} {ID_A[14:]}"
    assert found(f"号码 {grouped}。") == [("id_card", ID_A, 3)]
    wide = "".join(chr(ord(c) + 0xFEE0) for c in ID_B)
    assert found(f"证件：{wide}") == [("id_card", ID_B, 3)]
    hyphen = f"{ID_C[:6]}-{ID_C[6:14]}-{ID_C[14:]}"
    assert found(hyphen) == [("id_card", ID_C, 0)]


@pytest.mark.parametrize("number", IDS)
def test_wrong_check_digit_not_an_id(number):
    last = number[17]
    for other in "0123456789X":
        if other != last:
            assert [f for f in find_private_numbers(number[:17] + other) if f.kind == "id_card"] == []


@pytest.mark.parametrize(
    "first17",
    ["51150218990307123",  # born 1899
     "51150221000307123",  # born 2100
     "51150219901307123",  # month 13
     "51150219900230123",  # 30 February
     "51150219900000123"],
)
def test_implausible_birth_date_not_an_id(first17):
    assert find_private_numbers(first17 + check_char(first17)) == []


def test_id_inside_longer_digit_run_ignored():
    assert find_private_numbers("9" + ID_A) == []
    assert find_private_numbers(ID_A + "0") == []
    assert find_private_numbers(f"订单号 20261201{ID_B}") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("电话 13812345678", "13812345678"),
        ("电话 138 1234 5678", "13812345678"),
        ("电话 138-1234-5678", "13812345678"),
        ("电话：１３８１２３４５６７８", "13812345678"),
        ("电话：１３８－１２３４－５６７８", "13812345678"),
        ("电话 +86 199 0000 1111", "19900001111"),
        ("电话+8615012345678。", "15012345678"),
        ("(17712345678)", "17712345678"),
        # as pasted from Word, WPS, WeChat or a web page: they read as the plain forms above
        ("电话 138\u00a01234\u00a05678", "13812345678"),  # no-break spaces
        ("电话 138\u20131234\u20135678", "13812345678"),  # Word's en dash
        ("电话 138 1234-5678", "13812345678"),  # a different mark between each group
        ("电话 1381234 5678", "13812345678"),
        ("电话 138 12345678", "13812345678"),  # **138**12345678, once emphasis is out
    ],
)
def test_mobile_found(text, value):
    [finding] = find_private_numbers(text)
    assert finding.kind == "mobile" and finding.value == value
    assert text[finding.start] in "1１+8"


@pytest.mark.parametrize(
    "text",
    [
        "0831-1234567",  # landline, public
        "12812345678",  # 12x is not a mobile prefix
        "10012345678",
        "138123456789",  # 12 digits
        "913812345678",
        "1381234567",  # 10 digits
        "138 1234 567",
        "服务人次 5704，志愿者 2982",
        "2026-12-01 09:30",
        "",
    ],
)
def test_not_private(text):
    assert find_private_numbers(text) == []


@pytest.mark.parametrize("text", ["电话 138\u200b1234\u200b5678", "电话 1\u200b3812345678", "电话 13812\ufeff345678"])
def test_an_invisible_character_inside_a_number_hides_nothing(text):
    """A zero-width space (WeChat, web pages) or a BOM inside the number: the page shows it whole."""
    assert found(text) == [("mobile", "13812345678", 3)]


def test_an_id_with_a_zero_width_space_or_no_break_spaces_is_found():
    assert found(f"身份证 {ID_A[:14]}\u200b{ID_A[14:]}") == [("id_card", ID_A, 4)]
    assert found(f"身份证 {ID_A[:6]}\u00a0{ID_A[6:14]}\u00a0{ID_A[14:]}") == [("id_card", ID_A, 4)]


def test_mobile_inside_id_is_not_reported_twice():
    # an ID whose digits contain a mobile-like run still gives one finding
    number = make_id("513812", "19900307", "123")
    grouped = f"{number[:6]} {number[6:14]} {number[14:]}"
    assert [f.kind for f in find_private_numbers(grouped)] == ["id_card"]


def test_several_findings_in_order():
    text = f"王五 13912345678；李四 身份证 {ID_A}；赵六 158-0000-1234"
    assert [(f.kind, f.value) for f in find_private_numbers(text)] == [
        ("mobile", "13912345678"), ("id_card", ID_A), ("mobile", "15800001234"),
    ]
    for f in find_private_numbers(text):
        assert text.startswith(f.value[:3], f.start)


def test_finding_is_frozen():
    finding = Finding("mobile", "13812345678", 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.value = "x"  # type: ignore[misc]
    assert finding == Finding("mobile", "13812345678", 0)


def test_mask():
    assert mask("13812345678") == "138****5678"
    assert mask("138 1234 5678") == "138****5678"
    assert mask("１３８１２３４５６７８") == "138****5678"
    assert mask("511502199003071234") == "5115**********1234"
    assert mask("51150219900307123x") == "5115**********123X"
    assert mask(Finding("id_card", ID_A, 0)) == ID_A[:4] + "*" * 10 + ID_A[-4:]
    assert mask("1234") == "****"
    assert mask("12345678") == "12****78"


mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
words = st.text(alphabet="社区通知，。：电话 abc", max_size=10)


@given(words, mobiles, words)
def test_any_mobile_found_and_masked(before, number, after):
    text = before + number + after
    assert found(text) == [("mobile", number, len(before))]
    shown = mask(number)
    assert number not in shown and shown.startswith(number[:3]) and shown.endswith(number[-4:])


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    words,
)
def test_any_valid_id_found_and_masked(birth, area, seq, before):
    number = make_id(area, birth.strftime("%Y%m%d"), seq)
    text = before + number + "。"
    assert found(text) == [("id_card", number, len(before))]
    assert number not in mask(number) and len(mask(number)) == 18


@given(st.text())
def test_findings_point_into_the_text(text):
    for finding in find_private_numbers(text):
        assert len(finding.value) == {"id_card": 18, "id_card_typo": 18, "old_id_card": 15, "mobile": 11}[finding.kind]
        assert 0 <= finding.start < len(text)


def test_an_id_read_out_in_fours_is_found():
    grouped = f"{ID_A[:4]} {ID_A[4:8]} {ID_A[8:12]} {ID_A[12:16]} {ID_A[16:]}"
    assert found(f"身份证：{grouped}") == [("id_card", ID_A, 4)]


@pytest.mark.parametrize("number", IDS)
def test_a_mistyped_check_digit_is_still_a_likely_id(number):
    """One digit typed wrong leaves a resident's number: a warning kind of its own."""
    other = "1" if number[17] != "1" else "2"
    [finding] = find_private_numbers(number[:17] + other)
    assert finding.kind == "id_card_typo" and finding.value == number[:17] + other


def test_a_serial_without_a_province_code_is_not_a_likely_id():
    first17 = "99150219900307123"  # no province 99, though born 1990-03-07
    assert find_private_numbers(first17 + ("0" if check_char(first17) != "0" else "1")) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("老身份证号 110105400307123。", [("old_id_card", "110105400307123", 6)]),  # born 1940-03-07, Beijing
    ("订单号 202611201234567", []),  # no province 20, no 34th day
    ("编号 990105400307123", []),  # no province 99
    ("编号 110105401307123", []),  # no 13th month
    ("1101054003071234", []),  # 16 digits: a card number, not an old ID
])
def test_a_first_generation_id_of_15_digits_is_found(text, expected):
    assert found(text) == expected
