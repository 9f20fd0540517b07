"""Picture files staff really have (a print shop's CMYK JPEG, an iPhone's HEIC, a photo cut
short in copying, a 16-bit PNG…), each shown in a notice's body and printed on its poster:
built for real, the website's and the poster's output read back."""

from __future__ import annotations

import io
import struct
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw

from conftest import TODAY, make_site_files, run_cli_in_process
from htmltree import parse


def _photo(width: int = 600, height: int = 450) -> Image.Image:
    image = Image.new("RGB", (width, height), (200, 40, 40))
    ImageDraw.Draw(image).rectangle((0, 0, width // 2, height // 4), fill=(20, 20, 200))
    return image


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def _notice(picture: str, poster: bool) -> str:
    return (f"---\ntitle: 图片通知\ndate: 2026-11-20\n{'poster: a4' if poster else ''}\n---\n"
            f"正文第一段。\n\n![活动照片](../media/{picture})\n")


def _build(tmp_path: Path, picture: str, data: bytes, poster: bool = False) -> tuple[int, str, Path]:
    root = make_site_files(tmp_path, {"content/notices/图片通知.md": _notice(picture, poster),
                                      f"content/media/{picture}": data})
    out = tmp_path / "public"
    args = () if poster else ("--no-posters",)
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY,
                                         "--cache", tmp_path / "cache", *args)
    return code, stderr, out


def _img(out: Path) -> dict[str, str]:
    page = next((out / "notices").glob("*/index.html"))
    found = parse(page.read_text("utf-8")).find("img", alt="活动照片")
    assert found is not None
    return found.attrs


def test_a_photo_cut_short_is_published_whole_with_a_warning_and_the_build_goes_on(tmp_path):
    whole = _jpeg(_photo())
    code, stderr, out = _build(tmp_path, "cut.jpg", whole[: len(whole) // 2])
    assert code == 0, stderr
    assert "content/notices/图片通知.md:8: 警告: 图片 “../media/cut.jpg” 不完整或已损坏" in stderr
    img = _img(out)
    # No copies of a picture that does not decode: the page names none, and none is missing.
    assert "srcset" not in img and img["src"].endswith("/media/cut.jpg")
    assert (out / "media" / "cut.jpg").read_bytes() == whole[: len(whole) // 2]
