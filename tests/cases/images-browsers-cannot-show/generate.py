"""Images a browser cannot show, as staff link them: an iPhone photo (HEIC), a PDF renamed
.jpg, a PNG cut short in copying and a scan of 900 million pixels (its header only: the
build stopped with Pillow's DecompressionBombError). Each is a warning naming its line; the good photo is not.
Made here rather than kept in git: binary, and the truncated one must stay truncated."""

import io
import struct
import zlib
from pathlib import Path

from PIL import Image


def generate(site: Path) -> None:
    media = site / "content/media"
    media.mkdir(parents=True)
    Image.new("RGB", (64, 48), "#3a7").save(media / "座椅.jpg", quality=80)
    (media / "photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
    (media / "报名表.jpg").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    png = io.BytesIO()
    Image.linear_gradient("L").resize((200, 200)).save(png, "PNG")
    (media / "器材.png").write_bytes(png.getvalue()[: len(png.getvalue()) // 2])
    (media / "宣传栏扫描.png").write_bytes(_png_header(30000, 30000))


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
