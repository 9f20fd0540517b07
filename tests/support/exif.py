"""EXIF as a staff member's phone or editor writes it, with what Pillow cannot write itself:
a thumbnail (IFD1), for tests of what a published photo must not hold (generator.images)."""

from __future__ import annotations

import io
import struct

from PIL import Image

OWNER, SERIAL, ARTIST = "Wang Xiaoming", "R58N12ABCDE", "Community staff Li"
TAKEN = "2026:11:20 09:30:00"


def thumbnail_jpeg() -> bytes:
    """The picture as first taken, before an editor cropped it: a small JPEG of its own."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#c33").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def private_exif(thumbnail: bytes, orientation: int = 6) -> bytes:
    """EXIF bytes ("Exif\\0\\0" and a TIFF structure, as Pillow's ``exif=`` takes
    them) with the orientation, the date taken, the owner's name, the body's serial number,
    the artist and, in IFD1, ``thumbnail`` (JPEGInterchangeFormat and its length). Pillow
    writes IFD0 and its sub-IFDs only, so IFD1 is added after them and linked from IFD0."""
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    exif[0x0112] = orientation
    exif[0x013B] = ARTIST
    exif.get_ifd(0x8769).update({0x9003: TAKEN, 0xA430: OWNER, 0xA431: SERIAL})
    raw = exif.tobytes()
    order = {b"II": "<", b"MM": ">"}[raw[6:8]]  # Pillow's byte order: IFD1 is written in it
    tiff = bytearray(raw[6:])
    tiff += bytes(len(tiff) & 1)  # an IFD starts at an even offset
    ifd0 = struct.unpack_from(order + "I", tiff, 4)[0]
    next_ifd = ifd0 + 2 + 12 * struct.unpack_from(order + "H", tiff, ifd0)[0]
    ifd1 = len(tiff)
    struct.pack_into(order + "I", tiff, next_ifd, ifd1)
    entries = [(0x0103, 3, 1, 6),  # Compression: JPEG
               (0x0201, 4, 1, ifd1 + 2 + 12 * 3 + 4),  # JPEGInterchangeFormat: right after IFD1
               (0x0202, 4, 1, len(thumbnail))]  # JPEGInterchangeFormatLength
    tiff += struct.pack(order + "H", len(entries))
    for tag, kind, count, value in entries:
        tiff += struct.pack(order + ("HHII" if kind == 4 else "HHIH2x"), tag, kind, count, value)
    tiff += struct.pack(order + "I", 0) + thumbnail
    return b"Exif\x00\x00" + bytes(tiff)


def exif_thumbnail(image: Image.Image) -> bytes:
    """The thumbnail an EXIF viewer shows for ``image`` (opened by Pillow), or b""."""
    exif = image.getexif()
    ifd1 = exif.get_ifd(Image.ExifTags.IFD.IFD1)
    start, length = ifd1.get(0x0201), ifd1.get(0x0202)
    raw = image.info.get("exif", b"")
    raw = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
    return raw[start:start + length] if start and length else b""
