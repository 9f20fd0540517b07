"""Which linked image files a resident's browser cannot show (generator.images.browser_fault)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from generator.images import Fault, browser_fault


def _picture(fmt: str, **options: object) -> bytes:
    """A small picture with detail in it, so that its coded data is more than a few bytes."""
    image = Image.linear_gradient("L").resize((160, 120)).convert("RGB")
    data = io.BytesIO()
    image.save(data, fmt, **options)
    return data.getvalue()


def _fault(tmp_path: Path, name: str, data: bytes) -> Fault | None:
    path = tmp_path / name
    path.write_bytes(data)
    return browser_fault(path)


@pytest.mark.parametrize(("name", "fmt", "options"), [
    ("photo.jpg", "JPEG", {}),
    ("photo.JPEG", "JPEG", {"progressive": True}),
    ("chart.png", "PNG", {}),
    ("moving.gif", "GIF", {}),
    ("photo.webp", "WEBP", {}),
    ("really-a-png.jpg", "PNG", {}),  # browsers look at the bytes, not the name
    ("saved.jfif", "JPEG", {}),  # how Windows browsers save a photo
    ("pic.jpe", "JPEG", {}),
])
def test_whole_pictures_browsers_show_pass(tmp_path: Path, name: str, fmt: str, options: dict) -> None:
    assert _fault(tmp_path, name, _picture(fmt, **options)) is None


def test_what_a_phone_appends_after_a_photo_is_not_taken_for_damage(tmp_path: Path) -> None:
    """A Samsung motion photo carries a video after the JPEG's end, whose bytes may hold FF DA."""
    assert _fault(tmp_path, "motion.jpg", _picture("JPEG") + b"\x00\x00ftypmp42" + b"\xff\xda\x12\x34" * 50) is None


def test_a_phone_photo_with_more_pictures_after_it_is_a_jpeg(tmp_path: Path) -> None:
    """MPO: a JPEG and its HDR gain map (Ultra HDR, Samsung, an iPhone photo made JPEG)."""
    first, second = Image.linear_gradient("L").convert("RGB"), Image.linear_gradient("L").rotate(90).convert("RGB")
    data = io.BytesIO()
    first.save(data, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(data.getvalue())).format == "MPO"
    assert _fault(tmp_path, "photo.jpg", data.getvalue()) is None


@pytest.mark.parametrize("padding", [b"\r\n", b"\n", b"\0\0\0"])
def test_a_gif_padded_after_its_end_is_whole(tmp_path: Path, padding: bytes) -> None:
    assert _fault(tmp_path, "moving.gif", _picture("GIF") + padding) is None


@pytest.mark.parametrize("name", ["IMG_0001.HEIC", "scan.tiff", "scan.tif", "paint.bmp", "poster.psd"])
def test_formats_for_other_programs_are_named_by_their_extension(tmp_path: Path, name: str) -> None:
    assert _fault(tmp_path, name, b"whatever is inside") == Fault("format", name.rsplit(".", 1)[1].upper())


def test_a_tiff_renamed_jpg_is_named_by_what_it_holds(tmp_path: Path) -> None:
    assert _fault(tmp_path, "scan.jpg", _picture("TIFF")) == Fault("format", "TIFF")


def test_a_file_that_is_no_picture_is_unreadable(tmp_path: Path) -> None:
    assert _fault(tmp_path, "form.jpg", b"%PDF-1.4\n%%EOF\n") == Fault("unreadable")
    assert _fault(tmp_path, "empty.png", b"") == Fault("unreadable")


@pytest.mark.parametrize(("name", "fmt", "options"), [
    ("photo.jpg", "JPEG", {}),
    ("photo.jpeg", "JPEG", {"progressive": True}),
    ("chart.png", "PNG", {}),
    ("moving.gif", "GIF", {}),
])
def test_a_picture_cut_short_is_broken(tmp_path: Path, name: str, fmt: str, options: dict) -> None:
    data = _picture(fmt, **options)
    with Image.open(io.BytesIO(data[: len(data) * 2 // 3])) as opened:  # Pillow still opens it
        assert opened.format == fmt
    assert _fault(tmp_path, name, data[: len(data) * 2 // 3]) == Fault("broken")


def test_svg_and_avif_are_left_alone(tmp_path: Path) -> None:
    assert _fault(tmp_path, "logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert _fault(tmp_path, "photo.avif", b"not checked") is None


def test_a_file_replaced_under_the_same_name_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"not yet a photo")
    assert browser_fault(path) == Fault("unreadable")
    path.write_bytes(_picture("JPEG"))
    assert browser_fault(path) is None


def test_an_svg_hiding_javascript_behind_a_named_entity_is_active(tmp_path):
    """&colon; is no XML entity, so the file does not parse and is read as text: with HTML's
    entities expanded, the safer reading (an HTML parser reads javascript&colon; as
    javascript:), where numeric references alone were expanded before."""
    from generator.images import active_content

    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript&colon;alert(1)">'
                   '<text>点我</text></a></svg>', encoding="utf-8")
    assert active_content(svg) == "svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>社区&nbsp;标志</text></svg>', encoding="utf-8")
    assert active_content(svg) is None  # an HTML entity alone is no script
