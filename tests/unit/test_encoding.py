"""Bytes of content files as Windows editors save them."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.encoding import EncodingError, decode_source
from generator.errors import Text

SAMPLE = "---\ntitle: 停水通知\ndate: 2026年12月1日\n---\n岷江路 88 号明天停水，请提前储水。\n"


def test_utf8_no_warning():
    assert decode_source(SAMPLE.encode("utf-8")) == (SAMPLE, None)


def test_utf8_bom_stripped_silently():
    assert decode_source(codecs.BOM_UTF8 + SAMPLE.encode("utf-8")) == (SAMPLE, None)


def test_crlf_and_cr_normalised():
    crlf = SAMPLE.replace("\n", "\r\n").encode("utf-8")
    assert decode_source(crlf) == (SAMPLE, None)
    assert decode_source(SAMPLE.replace("\n", "\r").encode("utf-8")) == (SAMPLE, None)
    assert decode_source(b"a\r\n\r\nb\rc\n") == ("a\n\nb\nc\n", None)


def test_empty_and_ascii():
    assert decode_source(b"") == ("", None)
    assert decode_source(b"title: x\n") == ("title: x\n", None)


def test_short_utf8_chinese_is_not_taken_for_gbk():
    # "中文" in UTF-8 is also valid GB18030 ("涓枃"); UTF-8 must win
    assert decode_source("中文".encode("utf-8")) == ("中文", None)


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "gb2312"])
def test_gbk_read_with_warning(codec):
    text, warning = decode_source(SAMPLE.replace("\n", "\r\n").encode(codec))
    assert text == SAMPLE
    assert isinstance(warning, Text)
    assert "GBK" in warning.zh and "另存为" in warning.zh and "UTF-8" in warning.zh and "记事本" in warning.zh
    assert "WPS" in warning.zh
    assert "UTF-8" in warning.en and "Save As" in warning.en


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_with_bom_read_with_warning(codec):
    data = SAMPLE.replace("\n", "\r\n").encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    text, warning = decode_source(data)
    assert text == SAMPLE
    assert warning is not None and "UTF-16" in warning.zh and "另存为" in warning.zh


def error(data: bytes) -> Text:
    with pytest.raises(EncodingError) as info:
        decode_source(data)
    assert isinstance(info.value, ValueError)
    return info.value.text


@pytest.mark.parametrize(
    "data, zh_part",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG 图片"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Word"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"title: x\n\x00\x01\x02", "二进制文件"),
        ("title: 中文".encode("utf-16-le"), "二进制文件"),  # UTF-16 without BOM has NULs
    ],
)
def test_not_text(data, zh_part):
    text = error(data)
    assert zh_part in text.zh and "不是文本文件" in text.zh and "UTF-8" in text.zh
    assert "not a text file" in text.en


def test_unknown_encoding_names_the_line():
    data = "title: 通知\nbody: 好\n".encode("utf-8") + b"\x80\xff bad\n"
    text = error(data)
    assert "第 3 行" in text.zh and "UTF-8" in text.zh and "另存为" in text.zh
    assert "line 3" in text.en


def test_bom_utf8_with_bad_bytes():
    assert "第 2 行" in error(codecs.BOM_UTF8 + b"a: 1\nb: \xff\xfe\xfd\n").zh


def test_gb18030_controls_rejected():
    # valid GB18030 byte sequence but decodes to control characters: not a text file
    assert "第 1 行" in error("标题".encode("gbk") + b"\x81\x30\x81\x30\x01\x02").zh


def without_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00")))
def test_utf8_roundtrip(text):
    assert decode_source(text.encode("utf-8")) == (without_bom(text), None)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_line_endings_only_lf(text):
    out, warning = decode_source(text.encode("utf-8"))
    assert warning is None
    assert out == without_bom(text).replace("\r\n", "\n").replace("\r", "\n")


gbk_text = st.text(
    alphabet=st.sampled_from(list("社区公告栏停水通知老年人活动志愿服务队请到服务台登记，。：、“”（）0123456789abc \n")),
    min_size=1,
)


@given(gbk_text)
def test_gbk_roundtrip(text):
    data = text.encode("gbk")
    out, warning = decode_source(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert out == text
        assert warning is not None and "GBK" in warning.zh
    else:
        # ASCII, or the rare short GBK text that is also valid UTF-8 ("水" is CB AE): UTF-8 wins
        assert warning is None


def test_realistic_gbk_file_is_never_valid_utf8():
    data = SAMPLE.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_source(data)[1] is not None


@given(st.binary())
def test_any_bytes_decode_or_encoding_error(data):
    try:
        text, warning = decode_source(data)
    except EncodingError as err:
        assert err.text.zh and err.text.en
    else:
        assert "\r" not in text and "\x00" not in text
        assert warning is None or isinstance(warning, Text)


def test_a_gbk_line_pasted_into_a_utf8_file_is_named_not_read_as_gbk():
    """Read as GBK, the UTF-8 part of such a file would be published garbled (and the error
    pointed at a line of that part)."""
    data = "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n".encode() + "因管道维修停水。\n".encode("gbk") + "谢谢。\n".encode()
    text = error(data)
    assert "第 5 行有另一种编码的文字" in text.zh and "line 5" in text.en


def test_a_gbk_file_is_still_read_when_a_pair_happens_to_be_utf8():
    """停 is CD A3 in GBK, a valid two-byte UTF-8 sequence: not a sign of a UTF-8 file."""
    text, warning = decode_source("---\ntitle: 停水通知\n---\n正文\n".encode("gbk"))
    assert "停水通知" in text and warning is not None
