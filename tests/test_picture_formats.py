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


# An iPhone photo (HEIF with HEVC): the box that opens the file, then what Pillow cannot read
# without pillow-heif, which the tool does not install.
_HEIC = (struct.pack(">I", 24) + b"ftypheic" + bytes(4) + b"mif1heic"
         + struct.pack(">I", 16) + b"meta" + bytes(8) + bytes(range(256)) * 4)


def test_a_heic_photo_missing_from_the_poster_is_told_with_the_fix_also_when_the_poster_is_reused(tmp_path):
    code, stderr, out = _build(tmp_path, "IMG_0001.HEIC", _HEIC, poster=True)
    assert code == 0, stderr
    # At the line of the picture in the text, as the website's warning about it: the fix goes there.
    assert "content/notices/图片通知.md:8: 警告: 图片 “../media/IMG_0001.HEIC” 是 HEIC 格式" in stderr
    told = ("content/notices/图片通知.md:8: 警告: 海报《图片通知》里的图片 content/media/IMG_0001.HEIC 打印不出来"
            "（不是能打印的图片格式，或文件已损坏），海报上缺了这张图：请在手机相册里把这张照片导出为 JPG 再放进 content/media/"
            "（苹果手机可在 设置 > 相机 > 格式 里选 “兼容性最佳”，以后拍的照片就是 JPG）。")
    assert told in stderr
    pdf = next((out / "posters" / "notices").glob("*.pdf"))
    listed = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout
    assert len(listed.splitlines()) == 2  # the header only: no picture printed
    # Built again, the poster comes from the cache and the warning with it.
    code, stderr, _ = _build(tmp_path, "IMG_0001.HEIC", _HEIC, poster=True)
    assert code == 0 and "打印海报" not in stderr and told in stderr


def _grey16_png(width: int, height: int) -> bytes:
    """A 16-bit greyscale PNG (a scanner's; Pillow reads it as mode I;16): the left half black,
    the right half mid-grey, 0x8080 (128 in 8 bits; 255 once clipped by a plain convert)."""
    import numpy as np

    values = np.zeros((height, width), dtype=np.uint16)
    values[:, width // 2:] = 0x8080
    buffer = io.BytesIO()
    Image.fromarray(values).save(buffer, "PNG")
    assert Image.open(io.BytesIO(buffer.getvalue())).mode == "I;16"
    return buffer.getvalue()


def test_a_16_bit_greyscale_png_prints_its_greys_not_a_black_box(tmp_path):
    from support.pdf import gray

    code, stderr, out = _build(tmp_path, "scan.png", _grey16_png(384, 96), poster=True)
    assert code == 0, stderr
    page = gray(next((out / "posters" / "notices").glob("*.pdf")), dpi=50)
    # The picture's black half is the page's longest run of black (text makes short ones);
    # right after it comes its grey half. WeasyPrint printed the whole picture black.
    dark = page < 40
    row = max(range(len(page)), key=lambda y: _longest_run(dark[y])[1])
    end, length = _longest_run(dark[row])
    assert length > 80, length  # the black half: 192 CSS pixels, 100 pixels at 50 dpi
    grey = page[row, end + 3:end + 3 + length // 2]
    assert abs(int(grey.mean()) - 128) <= 8, grey


def _longest_run(flags) -> tuple[int, int]:
    """(end, length) of the longest run of True in a row of pixels."""
    best, start = (0, 0), None
    for x, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = x
        elif not flag and start is not None:
            best, start = max(best, (x, x - start), key=lambda run: run[1]), None
    return best


def test_the_website_copies_of_a_16_bit_greyscale_png_are_8_bit_with_its_greys(tmp_path):
    code, stderr, out = _build(tmp_path, "scan.png", _grey16_png(1000, 40))
    assert code == 0, stderr
    assert "srcset" in _img(out)
    for width in (480, 960):
        with Image.open(out / "media" / f"scan.{width}w.png") as copy:
            # 8 bits (half the bytes of a 16-bit copy, for a phone that shows no more), not clipped.
            assert copy.mode == "L" and copy.size == (width, round(40 * width / 1000))
            assert copy.getpixel((width // 4, 5)) == 0 and copy.getpixel((width * 3 // 4, 5)) == 128


def _huge_png(width: int, height: int) -> bytes:
    """A PNG of more pixels than Pillow decodes safely: one bit a pixel, so that making it takes
    a few MB here (a scan of a large sheet at a high resolution, where it is 24 bits)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_picture_over_pillows_limit_is_told_with_its_line_and_the_fix(tmp_path):
    # 95 million pixels: over Pillow's limit (89.5 million), which it only warns about in English.
    code, stderr, out = _build(tmp_path, "scan.png", _huge_png(10000, 9500))
    assert code == 0, stderr
    assert ("content/notices/图片通知.md:8: 警告: 图片 “../media/scan.png” 太大了（超过 8900 万像素），"
            "居民的手机打不开，生成网页时也不会缩小它：请用看图或修图软件把它缩小到宽 2000 像素左右，"
            "另存为 JPG，再放进 content/media/ 替换原图") in stderr
    assert "Traceback" not in stderr and "DecompressionBomb" not in stderr


def test_a_picture_too_large_to_print_is_told_so_on_its_poster(tmp_path):
    # 195 million pixels: Pillow refuses it (DecompressionBombError), and WeasyPrint with it.
    code, stderr, out = _build(tmp_path, "scan.png", _huge_png(15000, 13000), poster=True)
    assert code == 0, stderr
    assert ("content/notices/图片通知.md: 警告: 海报《图片通知》里的图片 content/media/scan.png 太大了（超过 8900 万像素），"
            "打印不出来，海报上缺了这张图：请用看图或修图软件把它缩小到宽 2000 像素左右，"
            "另存为 JPG，再放进 content/media/ 替换原图。") in stderr
    assert "不是能打印的图片格式" not in stderr and "Traceback" not in stderr


_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="200" height="100"><rect width="200" height="100" fill="#eee"/>{}</svg>')


def test_an_svg_that_draws_in_another_picture_is_told_it_shows_blank_on_the_website(tmp_path):
    # Shown by <img>, an SVG loads nothing it points to: the photo in it was silently blank.
    for written, told in (('<image href="photo.jpg" width="100" height="100"/>', "photo.jpg"),
                          ('<image xlink:href="https://example.org/logo.png" width="50" height="50"/>',
                           "https://example.org/logo.png")):
        folder = tmp_path / told.rsplit("/", 1)[-1]
        folder.mkdir()
        code, stderr, out = _build(folder, "poster.svg", _SVG.format(written).encode())
        assert code == 0, stderr
        assert (f"content/notices/图片通知.md:8: 警告: 图片 “../media/poster.svg” 是 SVG 图，里面引用了另一张图片 "
                f"“{told}”，网页上不会显示那张图片，那里会是空白：把 SVG 里的图片嵌进去，或者改用 PNG/JPG") in stderr
        assert _img(out)["src"].endswith("/media/poster.svg")  # published all the same


def test_an_svg_with_its_pictures_inside_it_is_not_told(tmp_path):
    inside = ('<defs><circle id="dot" r="5"/></defs><use href="#dot" x="20" y="20"/>'
              '<image href="data:image/png;base64,iVBORw0KGgo=" width="10" height="10"/>')
    code, stderr, _ = _build(tmp_path, "drawing.svg", _SVG.format(inside).encode())
    assert code == 0, stderr
    assert "drawing.svg" not in stderr


def test_a_poster_warning_about_a_picture_at_a_web_address_names_its_line(tmp_path):
    root = make_site_files(tmp_path, {"content/notices/图片通知.md": (
        "---\ntitle: 图片通知\ndate: 2026-11-20\nposter: a4\n---\n正文第一段。\n\n"
        "![活动照片](https://example.org/photo.jpg)\n")})
    code, _, stderr = run_cli_in_process("build", root, "--out", tmp_path / "public", "--today", TODAY,
                                         "--cache", tmp_path / "cache")
    assert code == 0, stderr
    assert ("content/notices/图片通知.md:8: 警告: 海报《图片通知》引用了网络地址 https://example.org/photo.jpg，"
            "打印海报时不下载网络文件") in stderr
