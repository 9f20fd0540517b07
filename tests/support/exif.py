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


# ---- Photoshop's APP13 segment, which Pillow reads but does not write ------------------------

BYLINE, CONTACT, COPYRIGHT = "Zhang Wei (community staff)", "Zhang Wei 13800138000", "(c) Zhang Wei"
CAPTION = "Home visit to an elderly resident"


def iptc(datasets: list[tuple[int, str]]) -> bytes:
    """IPTC-IIM datasets of record 2 (1C, record, dataset, a 2-byte size, the value), as
    Photoshop's File Info writes them: (dataset, value) in order, UTF-8."""
    out = b"\x1c\x01\x5a\x00\x03\x1b\x25\x47"  # 1:90 coded character set: UTF-8
    for dataset, value in datasets:
        encoded = value.encode()
        out += struct.pack(">BBBH", 0x1C, 2, dataset, len(encoded)) + encoded
    return out


def resource_block(resource: int, data: bytes, name: bytes = b"") -> bytes:
    """An Image Resource Block: "8BIM", the id, a Pascal name padded to an even length, the
    data's size, the data padded to an even length."""
    pascal = bytes([len(name)]) + name
    pascal += bytes(len(pascal) & 1)
    return b"8BIM" + struct.pack(">H", resource) + pascal + struct.pack(">I", len(data)) + data + bytes(len(data) & 1)


def photoshop_thumbnail(jpeg: bytes, width: int = 40, height: int = 30) -> bytes:
    """Resource 0x040C's data: Photoshop's 28-byte header (format 1: JFIF), then the JPEG."""
    row = (width * 24 + 31) // 32 * 4
    return struct.pack(">IIIIIIHH", 1, width, height, row, row * height, len(jpeg), 24, 1) + jpeg


def app13(*blocks: bytes) -> bytes:
    """The APP13 segment (FF ED, its length, "Photoshop 3.0\\0", the blocks)."""
    payload = b"Photoshop 3.0\x00" + b"".join(blocks)
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def with_segment(jpeg: bytes, segment: bytes) -> bytes:
    """``jpeg`` with ``segment`` after its APP0 and APP1 segments, where Photoshop puts APP13."""
    at = 2
    while jpeg[at:at + 2] in (b"\xff\xe0", b"\xff\xe1"):
        at += 2 + int.from_bytes(jpeg[at + 2:at + 4], "big")
    return jpeg[:at] + segment + jpeg[at:]
