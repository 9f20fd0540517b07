"""Images a browser cannot show, as staff link them: an iPhone photo (HEIC), a PDF renamed
.jpg and a PNG cut short in copying. Each is a warning naming its line; the good photo is not.
Made here rather than kept in git: binary, and the truncated one must stay truncated."""

import io
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
