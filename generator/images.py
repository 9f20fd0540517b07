"""Images linked from content, resized (Pillow) to a few widths for ``srcset``.

A photo from a staff member's phone is 3-4 MB; a resident's phone needs a 480-pixel-wide
copy of it. The Markdown stage asks :func:`responsive_attributes` for the ``srcset``,
``width`` and ``height`` of an image (reading only its header); the build asks
:func:`resized_images` for the smaller copies, which are kept in a cache folder under the
digest of the original's bytes, so an unchanged photo is resized once, ever.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import html
import re
import struct
import warnings
import zlib
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, Mapping, NamedTuple


WIDTHS = (480, 960, 1440)
RESIZABLE = (".jpg", ".jpeg", ".png", ".webp")  # not GIF: resizing would drop its animation
SIZES = "(min-width: 50rem) 46rem, 100vw"  # the text column is at most 46rem wide
ROTATED = (5, 6, 7, 8)  # EXIF orientations of a phone photo taken upright: width and height swap


@lru_cache(maxsize=None)
def _measure(source: Path, mtime_ns: int) -> tuple[str, int, int] | None:
    """(digest, width, height) of an image file, or None if Pillow cannot read it."""
    from PIL import Image, UnidentifiedImageError  # Pillow: only for sites with photos

    data = source.read_bytes()
    try:
        with _opened(source) as image:
            width, height = _upright_size(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        return None  # not resized: a picture too big to decode safely is told by browser_fault
    return hashlib.blake2b(data, digest_size=8).hexdigest(), width, height


def _opened(source: Path):  # noqa: ANN202 - a PIL image, imported lazily
    """``Image.open``, with Pillow's limit for pictures too big to decode safely (about 89
    million pixels, ``Image.MAX_IMAGE_PIXELS``: a scan of a large sheet at a high resolution)
    raised as an error, where Pillow would only warn in English below twice that, and stop the
    build above it."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(source)


def too_large() -> tuple[str, str, str, str]:
    """(what, how) in Chinese and English for a picture over Pillow's limit (Fault "huge"),
    told on the page that shows it and on the poster that prints it."""
    from PIL import Image

    millions = (Image.MAX_IMAGE_PIXELS or 0) // 10**6
    return (f"太大了（超过 {millions * 100} 万像素）",
            "请用看图或修图软件把它缩小到宽 2000 像素左右，另存为 JPG，再放进 content/media/ 替换原图",
            f"is too large (over {millions} million pixels)",
            "shrink it to about 2,000 pixels wide in an image editor, save it as JPG and put that "
            "in content/media/ instead")


def measure(source: Path) -> tuple[str, int, int] | None:
    if source.suffix.lower() not in RESIZABLE or not source.is_file():
        return None
    stat = source.stat()
    # A picture cut short (a photo copied in part) has a readable header but does not decode:
    # resizing it stopped the whole build. It is published as it is, with browser_fault's warning.
    if _fault(source, stat.st_mtime_ns, stat.st_size) is not None:
        return None
    return _measure(source, stat.st_mtime_ns)


# What a resident's browser shows in an <img>. A file named as JPEG, PNG, GIF or WebP is
# checked to be such a picture, whole (:func:`browser_fault`); SVG and AVIF are left alone. BMP is missing on purpose,
# with HEIC (an iPhone's default), TIFF and the like: a browser shows some of them on some
# phones only, and a BMP photo is ten times the size of the same JPG.
# .jfif and .jpe: JPEG under the names Windows browsers save photos with.
CHECKED = {".jpg": "JPEG", ".jpeg": "JPEG", ".jfif": "JPEG", ".jpe": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
SHOWN_UNCHECKED = (".svg", ".avif")
_BROWSER_FORMATS = frozenset(CHECKED.values()) | {"AVIF"}  # what a checked file may turn out to hold


class Fault(NamedTuple):
    """Why a browser may not show an image file: ``kind`` is "format" (``name`` says which,
    e.g. HEIC), "unreadable" (no picture Pillow knows: a renamed PDF, a damaged file),
    "huge" (more pixels than Pillow decodes safely), "broken" (a picture cut short, copied
    or downloaded only in part, or damaged) or "outside" (an SVG drawing another file into
    itself, ``name`` the address it gives: see :func:`_svg_outside`)."""

    kind: str
    name: str = ""


def browser_fault(source: Path) -> Fault | None:
    """What keeps a browser from showing the image file ``source``, or None. Decided by the
    name's extension where it says enough, else by reading the file once per version (cached
    like :func:`measure`; and a page is only parsed again when it or its files change)."""
    suffix = source.suffix.lower()
    if suffix in (".svg", ".svgz") and source.is_file():
        stat = source.stat()
        outside = _svg_outside(source, stat.st_mtime_ns, stat.st_size)
        return Fault("outside", outside) if outside is not None else None
    if suffix in SHOWN_UNCHECKED or not source.is_file():
        return None
    if suffix not in CHECKED:
        return Fault("format", suffix.lstrip(".").upper() or "?")
    stat = source.stat()
    return _fault(source, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=None)
def _fault(source: Path, mtime_ns: int, size: int) -> Fault | None:
    """Checked without decoding the picture (40-50 ms for a phone photo, at every parse of its
    page): Pillow reads the header, and the picture's end is looked for where its format puts it."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = _opened(source)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return Fault("huge")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return Fault("unreadable")
    with image:
        # MPO: a JPEG followed by more pictures (a phone's photo with its HDR gain map, a
        # Samsung photo), shown by browsers as the JPEG it starts with.
        found = "JPEG" if image.format == "MPO" else image.format or ""
        if found == "PNG":
            try:
                image.verify()  # walks the chunks with their checksums, without inflating them
            except (OSError, SyntaxError, ValueError):  # "Truncated File Read", "broken PNG file"
                return Fault("broken")
    if found not in _BROWSER_FORMATS:  # a TIFF or BMP renamed .jpg
        return Fault("format", found or "?")
    if found in ("JPEG", "GIF"):
        data = source.read_bytes()
        if found == "JPEG" and not _jpeg_complete(data):
            return Fault("broken")
        # The trailer after the last frame; some tools pad the file after it.
        if found == "GIF" and not data.rstrip(b"\0\r\n\t ").endswith(b";"):
            return Fault("broken")
    return None  # WebP: Pillow does not open one shorter than its RIFF header says


_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # markers with no length after them


def _jpeg_complete(data: bytes) -> bool:
    """Whether the JPEG's first picture ends (EOI): its markers are walked up to the start of
    the scan, whose coded data never holds FF D9 (a coded FF is followed by 00 or a restart
    marker). A progressive photo's further scans come before the EOI; what a phone appends
    after it (a Samsung motion photo's video, a second picture) is not looked at."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return True  # not laid out as expected: Pillow opened it, leave it be
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
        elif marker in _JPEG_STANDALONE:
            at += 2
        elif marker == 0xD9:
            return True
        else:
            length = int.from_bytes(data[at + 2:at + 4], "big")
            if marker == 0xDA:  # start of scan
                return data.find(b"\xff\xd9", at + 2 + length) >= 0
            at += 2 + length
    return False  # cut short among the headers


def variant_path(public: str, width: int) -> str:
    """``media/bins.png`` -> ``media/bins.480w.png``. The name does not carry the photo's
    digest: pages are cached by their Markdown's digest, and a page cached before the photo
    was replaced must still point at files that exist."""
    path = PurePosixPath(public)
    return str(path.with_name(f"{path.stem}.{width}w{path.suffix}"))


_VARIANT = re.compile(r"^(.+)\.([0-9]+)w(\.[^./]+)$")


def variant_of(path: str) -> tuple[str, int] | None:
    """``media/bins.480w.png`` -> (``media/bins.png``, 480): the inverse of :func:`variant_path`,
    or None for a path no width of which it makes."""
    found = _VARIANT.match(path)
    if found is None or int(found.group(2)) not in WIDTHS or found.group(3).lower() not in RESIZABLE:
        return None
    return found.group(1) + found.group(3), int(found.group(2))


def widths_for(width: int) -> list[int]:
    return [w for w in WIDTHS if w < width]


def shows_original(source: Path) -> bool:
    """Whether an ``<img>`` of ``source`` shows the file itself: a picture not resized (SVG,
    GIF, one Pillow cannot read) or at most :data:`WIDTHS`' largest wide, the largest of its
    candidates. A phone photo wider than that (4000-6000 pixels, 8-20 MB) is shown from its
    copies only, as Hugo's image processing does: the original is published only when
    something links it in full (see markup.MediaLinks.link)."""
    measured = measure(source)
    return measured is None or measured[1] <= WIDTHS[-1]


def responsive_attributes(source: Path, url: str) -> dict[str, str]:
    """``width``, ``height``, ``srcset`` and ``sizes`` for an ``<img>`` showing ``source``
    at ``url``, and ``src`` when that is not the file itself (:func:`shows_original`): its
    largest copy, which a browser without srcset (or a sharp desktop screen) loads instead of
    an 18 MB photo. The width and height let the browser reserve the space before the image
    arrives, so the text does not jump while an elderly reader is following it; they are the
    size of the picture ``src`` names, so they keep its proportions."""
    measured = measure(source)
    if measured is None:
        return {}
    _, width, height = measured
    smaller = widths_for(width)
    attributes: dict[str, str] = {}
    if width > WIDTHS[-1]:
        largest = WIDTHS[-1]
        attributes["src"] = variant_path(url, largest)
        width, height = largest, round(height * largest / width)  # as _resize makes the copy
        candidates = [f"{variant_path(url, w)} {w}w" for w in WIDTHS]
    else:
        candidates = [f"{variant_path(url, w)} {w}w" for w in smaller] + [f"{url} {width}w"]
    attributes.update(width=str(width), height=str(height))
    if smaller:
        attributes.update(srcset=", ".join(candidates), sizes=SIZES)
    return attributes


def _resize(source: Path, targets: Mapping[int, Path]) -> None:
    """Make the copies of ``source`` ``targets`` names (width -> file), from one decoding of
    it: an 8000 x 6000 phone photo was decoded whole for each of them (5.5 s, 500 MB)."""
    from PIL import Image, ImageOps

    with Image.open(source) as original:
        width, height = _upright_size(original)
        largest = max(targets)
        _draft(original, (largest, round(height * largest / width)))
        ImageOps.exif_transpose(original, in_place=True)  # a copy would double a large PNG's memory
        # 8 bits a value: a phone shows no more, and a 16-bit copy is twice the bytes.
        image = eight_bit(original)
        if image.mode in ("P", "1"):  # palette images resize badly (nearest neighbour only)
            image = image.convert("RGBA")
        for w, target in sorted(targets.items()):
            # The height from the original's size, as responsive_attributes tells the page.
            smaller = image.resize((w, round(height * w / width)), Image.Resampling.LANCZOS)
            options = {"optimize": True} if target.suffix.lower() == ".png" else {"quality": 82}
            _cache_file(target, lambda partial: smaller.save(partial, format=original.format, **options))


def _upright_size(image) -> tuple[int, int]:  # noqa: ANN001 - a PIL image, imported lazily
    """(width, height) of ``image`` as shown, turned upright by its EXIF orientation."""
    rotated = image.getexif().get(0x0112) in ROTATED
    return (image.height, image.width) if rotated else image.size


def _draft(image, size: tuple[int, int]) -> None:  # noqa: ANN001 - a PIL image, imported lazily
    """Have a JPEG decoded at 1/2, 1/4 or 1/8 of its size where that is still at least
    ``size`` (upright): a 48-megapixel photo in a fraction of the time and memory. Other
    formats decode whole (Pillow has no such option for them)."""
    if image.format in ("JPEG", "MPO"):
        rotated = image.getexif().get(0x0112) in ROTATED
        image.draft("RGB", (size[1], size[0]) if rotated else size)


def _cache_file(target: Path, write: Callable[[Path], object]) -> None:
    """Make ``target`` in the cache folder by ``write``-ing it beside under another name and
    renaming it: a build interrupted mid-write never leaves half a file in the cache."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    write(partial)
    partial.replace(target)


# Part of a cached copy's name: changed with the way copies are made (r2: a JPEG decoded at a
# fraction of its size, a 16-bit PNG made 8-bit), so a cache kept from before is not published
# beside copies a clean build would make differently (an incremental build equals a clean one).
_RESIZED = "r2"


def resized_images(media: Mapping[str, Path], cache_dir: Path) -> dict[str, Path]:
    """Output path -> cached resized file, for every resizable image among ``media``
    (output path -> original); the cache lives in ``cache_dir``/images."""
    copies: dict[str, Path] = {}
    for public, source in sorted(media.items()):
        measured = measure(source)
        if measured is None:
            continue
        digest, width, _ = measured
        missing: dict[int, Path] = {}
        for w in widths_for(width):
            cached = cache_dir / "images" / f"{digest}-{w}-{_RESIZED}{source.suffix.lower()}"
            if not cached.is_file():
                missing[w] = cached
            copies[variant_path(public, w)] = cached
        if missing:
            _resize(source, missing)
    return copies


# ---- files that would run script on the site's own address -------------------------------

# Served by any web server as a web page (text/html, application/xhtml+xml, XML that a
# browser renders with its namespaces): opened from a link, its scripts run as the site's
# own pages do. A saved WeChat article or web page is one of these.
PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".mht", ".mhtml"})
# What in an SVG runs script when the file is opened by itself (in an <img> it never does):
# script elements, HTML inside it, event handlers, javascript: addresses.
_ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"})
_SCRIPT_URL = re.compile(r"(?:java|vb)script:", re.IGNORECASE)
_SVG_ACTIVE = re.compile(
    rf"<\s*(?:[\w.-]+:)?(?:{'|'.join(sorted(_ACTIVE_ELEMENTS))})\b|[\s\"'/]on[a-z]+\s*=|{_SCRIPT_URL.pattern}",
    re.IGNORECASE,
)
# Browsers drop tabs and line breaks inside an address: "java&#9;script:" is javascript:.
_URL_IGNORED = re.compile(r"[\t\n\r\x00]")


def active_content(source: Path) -> str | None:
    """Why ``source`` published as it is would run script on the site's address: "page" (a
    web page file), "svg" (an SVG image with script in it), or None."""
    suffix = source.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return "page"
    if suffix in (".svg", ".svgz"):
        stat = source.stat()
        return "svg" if _svg_active(source, stat.st_mtime_ns, stat.st_size) else None
    return None


def _svg_bytes(source: Path) -> bytes | None:
    """The SVG's text, a .svgz inflated; None when it does not inflate."""
    data = source.read_bytes()
    if data[:2] == b"\x1f\x8b":  # .svgz: gzip-compressed SVG
        import gzip

        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return None
    return data


# Elements that draw another file into the drawing: a photo (<image>, <feImage>), or a part of
# another SVG (<use href="icons.svg#home">). Shown as <img>, as every picture of a page is, an
# SVG is a picture on its own: browsers load nothing it points to, and the place stays empty.
_DRAWS_FILE = frozenset({"image", "feimage", "use"})
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@lru_cache(maxsize=None)
def _svg_outside(source: Path, mtime_ns: int, size: int) -> str | None:
    """The first address of another file the SVG ``source`` draws in, as written, or None.
    Pictures written into the file itself (data:) and parts of it (#id) are shown."""
    import xml.etree.ElementTree as ElementTree

    data = _svg_bytes(source)
    if data is None:
        return None
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return None  # not a drawing a browser shows whole either; nothing to say about its parts
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.rsplit("}", 1)[-1].lower() not in _DRAWS_FILE:
            continue
        href = (element.get("href") or element.get(_XLINK_HREF) or "").strip()
        if href and not href.startswith("#") and not href[:5].lower() == "data:":
            return href
    return None


@lru_cache(maxsize=None)
def _svg_active(source: Path, mtime_ns: int, size: int) -> bool:
    """Read as a browser reads it: parsed, entities and character references expanded (so
    that "&#106;avascript:" or an entity spelling <script> is seen); what does not parse is
    searched as text, since a browser shows (and runs) what comes before an XML error."""
    import xml.etree.ElementTree as ElementTree

    data = _svg_bytes(source)
    if data is None:
        return True  # not readable here: not published for a browser to try
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        text = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", "replace")
        # References and HTML's entities expanded (&#106; and &colon; alike): the safer reading.
        return _SVG_ACTIVE.search(_URL_IGNORED.sub("", html.unescape(text))) is not None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        if element.tag.rsplit("}", 1)[-1].lower() in _ACTIVE_ELEMENTS:
            return True
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1].lower().startswith("on"):
                return True
            if _SCRIPT_URL.search(_URL_IGNORED.sub("", value)):
                return True
    return False



# ---- what a photo tells beyond its picture: not published --------------------------------

# A phone writes the place a photo was taken into the file (EXIF's GPS IFD): a photo of a
# home visit to an elderly resident living alone would tell anyone with an EXIF viewer where
# that resident lives. What is published is a copy without it; the file in content/ is left
# as staff saved it. The copy is made by editing the metadata in place (no re-encoding: the
# pixels stay exactly the photo's, and the orientation tag stays, else a phone photo shows
# sideways). No well-kept library does that: piexif has had no release since 2019, the exif
# package's author no longer maintains it and it reads JPEG only, pyexiv2 (exiv2) is a native
# GPL-3.0 library for an MIT project; Pillow re-encodes the pixels when it writes metadata.
# So the few lines below walk the file's structure themselves.
#
# Lightroom, Photoshop, Snapseed, some phones and WeChat's edited copies write the position
# into the XMP packet too (exif:GPSLatitude="31,12.5N", or as an element), which any XMP
# viewer shows: its GPS properties are overwritten with spaces in place. A packet may hold
# whitespace anywhere between attributes and elements, so it stays well-formed, its other
# properties (a caption, the rating) stay, and every length and offset (a JPEG segment's, an
# MPO's offsets to its pictures, a WebP chunk's) stays true; only a PNG's compressed packet is
# compressed again (a PNG holds no offsets). Dropping the whole packet would lose those other
# properties, and shortening a JPEG segment would break an MPO's offsets.
#
# Two more things are not published, so a photo holding any of these (JPEG and MPO, PNG's
# eXIf, WebP: all carry the same TIFF structure) gets a cleaned copy as well:
# - EXIF's thumbnail (IFD1: a small JPEG of the picture as first taken, within the same TIFF
#   structure). An editor that crops a photo without making the thumbnail again (a resident's
#   face, a door number cut off) leaves the uncropped picture in it, which EXIF viewers show.
#   IFD1 is unlinked from IFD0 and zeroed with the thumbnail's bytes, in place as the GPS IFD
#   is; XMP's thumbnails (xmp:Thumbnails, xmpGImg:image: base64 JPEG) are blanked as GPS
#   properties are. An MPO's further pictures (a gain map) are kept; their EXIF is cleaned too.
# - The names of staff and of their phones: Artist (IFD0), CameraOwnerName, BodySerialNumber
#   and LensSerialNumber (the Exif IFD), and their XMP forms (tiff:Artist, dc:creator,
#   exifEX:CameraOwnerName, aux:OwnerName, exifEX:BodySerialNumber, aux:SerialNumber,
#   exifEX:LensSerialNumber); the maker note (the Exif IFD's MakerNote) whole: a maker's own
#   structure, where Canon keeps the owner's name and serial numbers, and Panasonic's and
#   Fujifilm's face recognition the names of the people recognized (a resident's).
# The orientation and the date taken (IFD0, the Exif IFD) stay.
#
# A JPEG saved by Photoshop (and by some office tools) carries an APP13 segment ("Photoshop
# 3.0", its Image Resource Blocks: "8BIM", an id, a Pascal name, a size, the data, each padded
# to an even length) with the same leaks: a thumbnail of the picture as it was before a crop
# (resources 0x0409, 0x040C), and IPTC-IIM datasets (resource 0x0404) that name staff, which
# Photoshop's File Info fills from the user's name: 2:80 By-line, 2:85 By-line Title, 2:116
# Copyright Notice, 2:118 Contact, 2:122 Writer/Editor; and 2:92 Sub-location, which
# Lightroom's address lookup fills from the GPS position (the street of a resident's home).
# Their XMP twins, which Photoshop writes beside them (dc:rights, photoshop:AuthorsPosition,
# photoshop:CaptionWriter, Iptc4xmpCore:CreatorContactInfo, Iptc4xmpCore:Location), are
# blanked as the other names are. Their bytes are zeroed in place, every length kept. Kept:
# the caption (2:120, XMP's dc:description), the title, keywords, city and country, the
# credit and source (an organisation's): what staff wrote to describe the activity, which
# the page itself says, and what tells no one's name or home. An EXIF structure (0x0422) or
# an XMP packet (0x0424) among the resources is cleaned as the segments holding them are.
# Resources or IPTC datasets not laid out as described (damaged, cut short) are zeroed, all
# of them: a damaged size may have made a name part of the value before it.

LOCATABLE = (*RESIZABLE, ".jfif", ".jpe")  # the formats a phone writes a GPS position in
_GPS_IFD = 0x8825  # the tag in IFD0 (or IFD1) pointing at the GPS IFD
_EXIF_IFD = 0x8769  # the tag in IFD0 pointing at the Exif IFD (date taken, camera settings)
_ARTIST = 0x013B  # IFD0: who took the photo (a staff member's name)
# The Exif IFD's CameraOwnerName, BodySerialNumber, LensSerialNumber, MakerNote.
_NAMING = frozenset({0xA430, 0xA431, 0xA435, 0x927C})
_THUMBNAIL_DATA = ((0x0201, 0x0202), (0x0111, 0x0117))  # IFD1's (offsets, lengths): JPEG, or strips
_TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
# Part of the cached copy's name: changed when the copies of a version before would still hold
# something private (nogps: the EXIF's position only; nogps2: the XMP's too; private1: the
# thumbnails and names too; private2: Photoshop's resources and the maker note too), so that
# they are made again.
_CLEANED = "private2"

_PHOTOSHOP_JPEG = b"Photoshop 3.0\x00"  # an APP13 segment holding Image Resource Blocks
_IRB_TYPES = frozenset({b"8BIM", b"PHUT", b"AgHg", b"DCSR", b"MeSa"})  # Photoshop's and others' signatures
_IRB_THUMBNAILS = frozenset({0x0409, 0x040C})  # Photoshop 4's, and 5's and later
_IRB_IPTC, _IRB_EXIF, _IRB_XMP = 0x0404, 0x0422, 0x0424
# IPTC-IIM record 2's datasets that name staff or tell a home (see above).
_IPTC_PRIVATE = frozenset({80, 85, 92, 116, 118, 122})
_IPTC_RECORDS = frozenset({*range(1, 10), 240})  # the records IPTC-IIM defines

_XMP_JPEG = b"http://ns.adobe.com/xap/1.0/\x00"  # an APP1 segment holding the packet
_XMP_JPEG_EXTENDED = b"http://ns.adobe.com/xmp/extension/\x00"  # the rest of a large one, in parts
_XMP_PNG = b"XML:com.adobe.xmp\x00"  # an iTXt chunk's keyword
_XMP_INFLATED_MAX = 64 << 20  # a compressed PNG packet inflating beyond this is no packet
# A property telling a position: exif:GPSLatitude, exif:GPSDestLongitude, exif:GPSTimeStamp,
# a drone's drone-dji:GpsLatitude, any namespace's ...Latitude/...Longitude; a thumbnail
# (xmp:Thumbnails, or old Photoshop's xap:Thumbnails, whole; xmpGImg:image); a name (see above).
# Not an xmlns declaration: blanking one would leave its prefix's other properties unbound.
# The name ends where the name does: xmp:CreatorTool (the editor's name) is no dc:creator.
_XMP_PRIVATE_NAME = (rb"(?<![\w.:-])(?!xmlns:)(?:[A-Za-z_][\w.-]*:"
                     rb"(?:GPS[\w.-]*|[\w.-]*(?:Latitude|Longitude)[\w.-]*"
                     rb"|Thumbnails|[\w.-]*OwnerName|(?:Body|Lens)?SerialNumber|Artist"
                     rb"|AuthorsPosition|CaptionWriter|CreatorContactInfo|Location)"
                     rb"|dc:creator|dc:rights|[\w.-]*GImg:image)(?![\w.-])")
_XMP_PRIVATE_PROPERTY = re.compile(
    rb"<(" + _XMP_PRIVATE_NAME + rb")(?=[\s/>])"  # <exif:GPSLatitude>31,12.5N</exif:GPSLatitude>, its end found after
    rb"|" + _XMP_PRIVATE_NAME + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*')",  # exif:GPSLatitude="31,12.5N"
    re.IGNORECASE)
_XMP_TAG_END = re.compile(rb"\s*>")
_XMP_PRIVATE_LEFT = re.compile(_XMP_PRIVATE_NAME, re.IGNORECASE)


def without_private(media: Mapping[str, Path], cache_dir: Path) -> dict[str, Path]:
    """Output path -> cached copy without what is private in its metadata (a GPS position,
    a thumbnail, a staff member's or phone's name), for every image among ``media`` (output
    path -> original) whose metadata holds any; the others are published as they are.
    The copies live in ``cache_dir``/images under the digest of the original's bytes, so an
    unchanged photo is cleaned once, ever."""
    copies: dict[str, Path] = {}
    for public, source in sorted(media.items()):
        if source.suffix.lower() not in LOCATABLE or not source.is_file():
            continue
        stat = source.stat()
        digest = _holds_private(source, stat.st_mtime_ns, stat.st_size)
        if digest is None:
            continue
        cached = cache_dir / "images" / f"{digest}-{_CLEANED}{source.suffix.lower()}"
        if not cached.is_file():
            _cache_file(cached, lambda partial: partial.write_bytes(strip_private(source.read_bytes())))
        copies[public] = cached
    return copies


@lru_cache(maxsize=None)
def _holds_private(source: Path, mtime_ns: int, size: int) -> str | None:
    """The digest of ``source``'s bytes (as :func:`measure` names it) if they hold something
    private (see above), else None: the metadata is walked, and Pillow reads the header (a few ms)."""
    data = source.read_bytes()
    if _edited(data, _drop_private) is None and not _pillow_finds_private(data):
        return None
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def strip_private(data: bytes) -> bytes:
    """The image file ``data`` without the GPS position, the thumbnails and the names in its
    metadata (EXIF and XMP), the same bytes otherwise where its layout is known (JPEG and MPO,
    PNG, WebP). A layout not understood here, where Pillow still finds any of them, is
    re-encoded without metadata (the orientation applied to the pixels): privacy comes first."""
    edited = _edited(data, _drop_private)
    result = data if edited is None else bytes(edited)
    if _pillow_finds_private(result):
        try:
            result = _reencoded(result)
        except Exception:  # noqa: BLE001 - pixels too damaged to decode (Pillow raises many kinds): the metadata blanked whole
            blanked = _edited(data, _blank)
            result = data if blanked is None else bytes(blanked)
    return result


def _edited(data: bytes, edit: Callable[[bytearray, int, int], bool]) -> bytearray | None:
    """``data`` with ``edit`` (:func:`_drop_private`, :func:`_blank`) applied to every EXIF
    structure and the private properties of every XMP packet blanked, or None when it changed none."""
    edited = bytearray(data)
    changed = False
    resized: list[tuple[int, int, bytes]] = []  # PNG chunks made anew (another length), put in last
    if data[:2] == b"\xff\xd8":  # JPEG (and MPO: its further pictures carry EXIF of their own)
        # Each APP1 Exif segment: FF E1, its length, "Exif\0\0", then a TIFF structure. Found
        # by its signature, which entropy-coded data cannot hold (a coded FF is followed by 00
        # or a restart marker), so the later pictures of an MPO file are cleaned as well.
        at = data.find(b"Exif\x00\x00")
        while at >= 4:
            if data[at - 4:at - 2] == b"\xff\xe1":
                end = at - 2 + int.from_bytes(data[at - 2:at], "big")
                changed |= edit(edited, at + 6, min(end, len(data)))
            at = data.find(b"Exif\x00\x00", at + 6)
        changed |= _jpeg_xmp(data, edited)
        changed |= _jpeg_photoshop(data, edited, edit)
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        at = 8
        while at + 12 <= len(data):
            length = int.from_bytes(data[at:at + 4], "big")
            kind, start, end = data[at + 4:at + 8], at + 8, at + 8 + length
            if end + 4 > len(data):
                break
            if kind == b"eXIf" and edit(edited, start, end):
                changed = True
                edited[end:end + 4] = zlib.crc32(edited[at + 4:end]).to_bytes(4, "big")  # the chunk's checksum
            elif kind == b"iTXt" and data[start:start + len(_XMP_PNG)] == _XMP_PNG:
                body = _png_xmp(data, start, end, edited)
                if body is not None:
                    changed = True
                    if len(body) == length:  # blanked in place
                        edited[end:end + 4] = zlib.crc32(edited[at + 4:end]).to_bytes(4, "big")
                    else:
                        crc = zlib.crc32(b"iTXt" + body).to_bytes(4, "big")
                        resized.append((at, end + 4, len(body).to_bytes(4, "big") + b"iTXt" + body + crc))
            at = end + 4
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        at = 12
        while at + 8 <= len(data):
            kind, length = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
            start, end = at + 8, min(at + 8 + length, len(data))
            if kind == b"EXIF":
                skip = 6 if data[start:start + 6] == b"Exif\x00\x00" else 0  # some writers keep JPEG's header
                changed |= edit(edited, start + skip, end)
            elif kind == b"XMP ":
                changed |= _blank_xmp_private(data, start, end, edited)
            at = start + length + (length & 1)  # chunks are padded to an even length
    for at, end, chunk in reversed(resized):  # from the last: the places of those before stay true
        edited[at:end] = chunk
    return edited if changed else None


def _xmp_without_private(packet: bytes) -> bytes | None:
    """The XMP ``packet`` with its private properties overwritten by spaces (the same length), or
    None when it holds none. Where a private property's name is still found after that (a packet
    damaged or cut short, an element left open, a packet in UTF-16), the whole packet is
    overwritten: it stays private; a damaged packet told nothing else readable anyway."""
    blanked, done = bytearray(packet), 0
    for found in _XMP_PRIVATE_PROPERTY.finditer(packet):
        if found.start() < done:
            continue  # inside an element blanked already
        name, end = found.group(1), found.end()
        if name is not None:  # an element: to its end tag, or the end of its start tag if empty
            close = packet.find(b">", end)
            end = close + 1 if close > 0 and packet[close - 1] == ord("/") else _end_tag(packet, name, close)
            if close < 0 or end < 0:
                break  # left open: the whole packet is overwritten below
        blanked[found.start():end] = b" " * (end - found.start())
        done = end
    if _XMP_PRIVATE_LEFT.search(bytes(blanked).replace(b"\x00", b"")):  # UTF-16 and -32: ASCII letters with NULs
        blanked = bytearray(b" " * len(packet))
    return None if blanked == packet else bytes(blanked)


def _end_tag(packet: bytes, name: bytes, start: int) -> int:
    """Where the end tag ``</name>`` after ``start`` ends, or -1. Found from the start tag on,
    and the elements within are not looked at again: a damaged packet is read once."""
    at = packet.find(b"</" + name, start) if start >= 0 else -1
    while at >= 0:
        tail = _XMP_TAG_END.match(packet, at + 2 + len(name))
        if tail is not None:
            return tail.end()
        at = packet.find(b"</" + name, at + 2)  # </exif:GPSLatitudeRef> is another element's
    return -1


def _blank_xmp_private(data: bytes, start: int, end: int, edited: bytearray) -> bool:
    """Blank the private properties of the packet ``data[start:end]`` in ``edited``, in place."""
    blanked = _xmp_without_private(data[start:end]) if start < end else None
    if blanked is None:
        return False
    edited[start:end] = blanked
    return True


def _jpeg_xmp(data: bytes, edited: bytearray) -> bool:
    """Blank the private properties of a JPEG's XMP in ``edited``: every APP1 XMP segment (found by
    its signature, as the EXIF segments are), and the Extended XMP's parts (APP1 segments with
    a GUID, the packet's length and the part's offset), put together per GUID first, since a
    property may be cut in two at a part's end."""
    changed = False
    for start, end in _app_payloads(data, _XMP_JPEG):
        changed |= _blank_xmp_private(data, start, end, edited)
    extended: dict[bytes, list[tuple[int, int, int]]] = {}
    for start, end in _app_payloads(data, _XMP_JPEG_EXTENDED):
        if end > start + 40:  # GUID (32), full length (4), offset (4), then the part
            offset = int.from_bytes(data[start + 36:start + 40], "big")
            extended.setdefault(data[start:start + 32], []).append((offset, start + 40, end))
    for parts in extended.values():
        parts.sort()
        blanked = _xmp_without_private(b"".join(data[start:end] for _, start, end in parts))
        if blanked is None:
            continue
        at = 0
        for _, start, end in parts:
            edited[start:end] = blanked[at:at + end - start]
            at += end - start
        changed = True
    return changed


def _app_payloads(data: bytes, signature: bytes, marker: bytes = b"\xff\xe1") -> list[tuple[int, int]]:
    """(start, end) of what follows ``signature`` in each JPEG APP1 segment (or another
    ``marker``'s) beginning with it (the marker, the length, the signature), the end bounded by
    the file's."""
    payloads = []
    at = data.find(signature)
    while at >= 0:
        if at >= 4 and data[at - 4:at - 2] == marker:
            end = min(at - 2 + int.from_bytes(data[at - 2:at], "big"), len(data))
            if end > at + len(signature):
                payloads.append((at + len(signature), end))
        at = data.find(signature, at + len(signature))
    return payloads


def _jpeg_photoshop(data: bytes, edited: bytearray, edit: Callable[[bytearray, int, int], bool]) -> bool:
    """Blank the private resources (see above) of a JPEG's APP13 "Photoshop 3.0" segments in
    ``edited``. Photoshop cuts resources too large for one segment across the next (a resource
    may go on in it), so the segments' payloads are read as one stream, as Extended XMP's parts
    are; an MPO's pictures' segments each end where a resource does, so joining them is right."""
    parts = _app_payloads(data, _PHOTOSHOP_JPEG, b"\xff\xed")
    if not parts:
        return False
    stream = bytearray(b"".join(data[start:end] for start, end in parts))
    if not _drop_irb_private(stream, edit):
        return False
    at = 0
    for start, end in parts:
        edited[start:end] = stream[at:at + end - start]
        at += end - start
    return True


def _drop_irb_private(stream: bytearray, edit: Callable[[bytearray, int, int], bool]) -> bool:
    """Zero the thumbnails and private IPTC datasets of the Image Resource Blocks ``stream``,
    and clean an EXIF structure or XMP packet among them, in place; what does not follow the
    blocks' layout zeroes them all: a damaged size may have made a name or a thumbnail part of
    the resource before it."""
    changed, at = False, 0
    while at + 12 <= len(stream) and bytes(stream[at:at + 4]) in _IRB_TYPES:
        resource = int.from_bytes(stream[at + 4:at + 6], "big")
        name_end = at + 6 + 1 + stream[at + 6]
        name_end += (name_end - at) & 1  # the Pascal name, padded to an even length
        size = int.from_bytes(stream[name_end:name_end + 4], "big")
        start = name_end + 4
        end = start + size
        if end > len(stream):
            break
        if resource in _IRB_THUMBNAILS:
            changed |= _zero(stream, start, end)
        elif resource == _IRB_IPTC:
            changed |= _drop_iptc_private(stream, start, end)
        elif resource == _IRB_EXIF:
            skip = 6 if stream[start:start + 6] == b"Exif\x00\x00" else 0
            changed |= edit(stream, start + skip, end)
        elif resource == _IRB_XMP:
            changed |= _blank_xmp_private(bytes(stream), start, end, stream)
        at = start + size + (size & 1)
    if at < len(stream) and any(stream[at:]):  # not whole, or bytes after the last that are no block
        return _zero(stream, 0, len(stream)) or changed
    return changed


def _drop_iptc_private(stream: bytearray, start: int, end: int) -> bool:
    """Zero the values of record 2's private datasets (:data:`_IPTC_PRIVATE`) among the IPTC-IIM
    datasets ``stream[start:end]`` (each: 1C, record, dataset, a 2-byte size, or the length
    of a longer size with its top bit set, then the value). Damaged datasets (a record no
    reader knows, a size beyond the end, bytes after the last that are no dataset) zero them
    all: a damaged size may have made a name part of the value before it."""
    changed, at = False, start
    while at < end and stream[at] == 0x1C:
        if at + 5 > end or stream[at + 1] not in _IPTC_RECORDS:
            break
        record, dataset, size = stream[at + 1], stream[at + 2], int.from_bytes(stream[at + 3:at + 5], "big")
        value = at + 5
        if size & 0x8000:  # an extended dataset: the size is in the next (size & 0x7FFF) bytes
            if not 0 < size & 0x7FFF <= 4:
                break
            value += size & 0x7FFF
            size = int.from_bytes(stream[at + 5:value], "big")
        if value + size > end:
            break
        if record == 2 and dataset in _IPTC_PRIVATE:
            changed |= _zero(stream, value, value + size)
        at = value + size
    else:
        if not any(stream[at:end]):  # whole, padded with zeros at most
            return changed
    return _zero(stream, start, end) or changed


def _zero(data: bytearray, start: int, end: int) -> bool:
    """Zero ``data[start:end]``; whether a byte of it was not zero already (so a copy cleaned
    once is not found to hold anything again)."""
    if start >= end or not any(data[start:end]):
        return False
    data[start:end] = bytes(end - start)
    return True


def _png_xmp(data: bytes, start: int, end: int, edited: bytearray) -> bytes | None:
    """The body of the iTXt chunk ``data[start:end]`` (an XMP packet) without private properties,
    or None when it holds none: blanked in place in ``edited`` when uncompressed; inflated,
    blanked and compressed again when compressed (a new body, of another length). A compressed
    packet that does not inflate whole (damaged, cut short, too large) is zeroed in place:
    readers skip it, as Pillow does, and none reads a position from its part that did."""
    flags = start + len(_XMP_PNG)  # compression flag and method, language, translated keyword, text
    language_end = data.find(b"\x00", flags + 2, end)
    translated_end = data.find(b"\x00", language_end + 1, end) if language_end >= 0 else -1
    text = translated_end + 1 if translated_end >= 0 else min(flags + 2, end)
    if text >= end:
        return None
    if data[flags] == 0 or translated_end < 0:  # uncompressed, or not laid out as a compressed one
        return bytes(edited[start:end]) if _blank_xmp_private(data, text, end, edited) else None
    inflater = zlib.decompressobj()
    try:
        packet = inflater.decompress(data[text:end], _XMP_INFLATED_MAX)
    except zlib.error:
        packet = None
    if packet is None or not inflater.eof or inflater.unconsumed_tail:
        edited[text:end] = bytes(end - text)
        return bytes(edited[start:end])
    blanked = _xmp_without_private(packet)
    return None if blanked is None else data[start:text] + zlib.compress(blanked)


def _drop_private(data: bytearray, start: int, end: int) -> bool:
    """Remove what is private from the TIFF structure ``data[start:end]`` in place, keeping its
    length (every other offset in it, a maker note's, an MPO's offsets to its pictures, stays
    true): the GPSInfo and Artist entries leave IFD0, CameraOwnerName and BodySerialNumber the
    Exif IFD, their values (and the GPS IFD) zeroed; IFD1 is unlinked and zeroed with the
    thumbnail it points at. Orientation and dates are entries of IFD0 and the Exif IFD: kept."""
    tiff = _Tiff(data, start, end)
    ifd0 = tiff.number(4, 4)
    table = tiff.table(ifd0) if ifd0 else None
    if table is None:
        return False
    ifd1 = tiff.number(table[1], 4)  # the next IFD's offset follows IFD0's entries
    changed = tiff.remove(ifd0, {_GPS_IFD, _ARTIST})
    exif = tiff.entry(ifd0, _EXIF_IFD)
    if exif is not None:
        changed |= tiff.remove(tiff.number(exif + 8, 4), _NAMING)
    if ifd1:
        # Unlinked first (IFD0 is the last), where its entries now end: a damaged thumbnail
        # offset zeroing IFD0's bytes below must not leave that place unknown.
        struct.pack_into(tiff.order + "I", tiff.bytes, tiff.table(ifd0)[1], 0)  # type: ignore[index]
        if ifd1 != ifd0:  # a looped structure: IFD0 is not zeroed
            tiff.remove(ifd1, {_GPS_IFD})  # some writers link the GPS IFD from IFD1
            for offsets, lengths in _THUMBNAIL_DATA:
                where, sizes = tiff.entry(ifd1, offsets), tiff.entry(ifd1, lengths)
                starts = tiff.values(where) if where is not None else []
                told = tiff.values(sizes) if sizes is not None else []
                for at, size in zip(starts, told if len(told) == len(starts) else map(tiff.thumbnail_size, starts)):
                    tiff.zero(at, size)
            tiff.zero_ifd(ifd1)
        changed = True
    return changed


def _blank(data: bytearray, start: int, end: int) -> bool:
    """Zero the whole TIFF structure ``data[start:end]``: readers then find no metadata (nor
    the orientation), for a picture whose structure :func:`_drop_private` could not follow."""
    data[start:end] = bytes(end - start)
    return end > start


class _Tiff:
    """A TIFF structure (EXIF's) within a file's bytes, read and edited in place; offsets
    are from its start, and any beyond its end (a damaged file) are read as missing."""

    def __init__(self, data: bytearray, start: int, end: int) -> None:
        self.bytes = memoryview(data)[start:end]
        self.order = {b"II": "<", b"MM": ">"}.get(bytes(self.bytes[:2]), "")

    def number(self, at: int | None, size: int) -> int | None:
        if not self.order or at is None or at < 0 or at + size > len(self.bytes):
            return None
        return struct.unpack_from(self.order + ("H" if size == 2 else "I"), self.bytes, at)[0]

    def table(self, ifd: int | None) -> tuple[int, int] | None:
        """(count of entries, where they end) of the IFD at ``ifd``, if it lies whole within."""
        count = self.number(ifd, 2)
        if ifd is None or count is None or ifd + 2 + 12 * count + 4 > len(self.bytes):
            return None
        return count, ifd + 2 + 12 * count

    def entry(self, ifd: int | None, tag: int) -> int | None:
        """Where the entry of ``tag`` in the IFD at ``ifd`` is, or None."""
        table = self.table(ifd)
        if ifd is None or table is None:
            return None
        return next((at for at in range(ifd + 2, table[1], 12) if self.number(at, 2) == tag), None)

    def _value(self, entry: int) -> tuple[int | None, int]:
        """(where the value of the entry at ``entry`` is, its size in bytes)."""
        kind, items = self.number(entry + 2, 2), self.number(entry + 4, 4)
        size = _TIFF_TYPE_SIZES.get(kind or 0, 0) * (items or 0)
        return (entry + 8 if size <= 4 else self.number(entry + 8, 4)), size

    def values(self, entry: int) -> list[int]:
        """The numbers (SHORT or LONG) the entry at ``entry`` holds: a thumbnail's offsets."""
        at, size = self._value(entry)
        width = {3: 2, 4: 4}.get(self.number(entry + 2, 2) or 0)
        if at is None or width is None or at + size > len(self.bytes):
            return []  # a count beyond the structure (damaged): not read number by number
        found = (self.number(at + i, width) for i in range(0, size, width))
        return [number for number in found if number is not None]

    def thumbnail_size(self, at: int) -> int:
        """The size of a thumbnail at ``at`` whose length is missing or damaged: a JPEG's to
        its end marker, else (or none found) to the structure's end: none of it is left."""
        end = bytes(self.bytes[at:]).find(b"\xff\xd9") if self.bytes[at:at + 2] == b"\xff\xd8" else -1
        return end + 2 if end >= 0 else len(self.bytes) - at

    def zero(self, at: int | None, size: int) -> None:
        """Zero ``size`` bytes from ``at``, as far as they lie within."""
        if at is not None and 0 <= at < len(self.bytes):
            end = min(at + size, len(self.bytes))
            self.bytes[at:end] = bytes(end - at)

    def remove(self, ifd: int | None, tags: set[int] | frozenset[int]) -> bool:
        """Remove the entries of ``tags`` from the IFD at ``ifd``, their values zeroed (a GPS
        IFD whole), so no reader finds them by scanning the bytes either."""
        changed = False
        while ifd is not None and (table := self.table(ifd)) is not None:
            count, table_end = table
            entry = next((at for at in range(ifd + 2, table_end, 12) if self.number(at, 2) in tags), None)
            if entry is None:
                break
            if self.number(entry, 2) == _GPS_IFD:
                self.zero_ifd(self.number(entry + 8, 4))
            else:
                self.zero(*self._value(entry))
            # The later entries and the next IFD's offset move up one place (readers go by
            # the count), and the place left at the end is zeroed.
            self.bytes[entry:table_end + 4 - 12] = bytes(self.bytes[entry + 12:table_end + 4])
            self.bytes[table_end + 4 - 12:table_end + 4] = bytes(12)
            struct.pack_into(self.order + "H", self.bytes, ifd, count - 1)
            changed = True
        return changed

    def zero_ifd(self, ifd: int | None) -> None:
        """Zero the IFD at ``ifd`` and the values its entries keep outside it (a latitude's
        three rationals)."""
        count = self.number(ifd, 2)
        if ifd is None or count is None:
            return
        table_end = min(ifd + 2 + 12 * count + 4, len(self.bytes))
        for entry in range(ifd + 2, table_end - 11, 12):
            at, size = self._value(entry)
            if size > 4 and at is not None and at + size <= len(self.bytes):
                self.zero(at, size)
        self.zero(ifd, table_end - ifd)


def _pillow_finds_private(data: bytes) -> bool:
    """Whether Pillow reads a GPS position, a thumbnail (IFD1) or a name (see above) in the
    EXIF of ``data``, or a thumbnail or private IPTC dataset among a JPEG's Photoshop resources
    (a check of the edit above, from the header only: a PNG's text chunks, where ImageMagick
    keeps EXIF as hex, count too)."""
    from PIL import ExifTags, Image, IptcImagePlugin, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's English about damaged EXIF: browser_fault tells it
            with Image.open(io.BytesIO(data)) as image:
                if image.format == "PNG" and "exif" not in image.info and not any(
                        key.startswith("Raw profile type") for key in image.info):
                    return False  # Pillow would decode the whole picture to look after it
                resources = image.info.get("photoshop") or {}
                if any(_told(resources.get(thumbnail)) for thumbnail in _IRB_THUMBNAILS):
                    return True
                if _IRB_IPTC in resources and _iptc_told(image, IptcImagePlugin):
                    return True
                exif = image.getexif()
                return (_GPS_IFD in exif or _ARTIST in exif or bool(exif.get_ifd(_GPS_IFD))
                        or bool(exif.get_ifd(ExifTags.IFD.IFD1))
                        or not _NAMING.isdisjoint(exif.get_ifd(_EXIF_IFD)))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False  # not a picture Pillow reads: published as it is, with browser_fault's warning


def _iptc_told(image, plugin) -> bool:  # noqa: ANN001 - a PIL image and Pillow's IptcImagePlugin, imported lazily
    """Whether Pillow reads a private IPTC dataset (see above) in ``image``."""
    try:
        iptc = plugin.getiptcinfo(image) or {}
    except (OSError, SyntaxError, ValueError, IndexError, KeyError, struct.error):
        return False  # damaged: the walk above zeroed it from the damage on
    return any(_told(iptc.get((2, dataset))) for dataset in _IPTC_PRIVATE)


def _told(value: bytes | list[bytes] | None) -> bool:
    """Whether a resource's or IPTC dataset's value (a list: the dataset repeated) is not
    blank: a blanked one is zeros."""
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, bytes) and any(v) for v in values)


def _reencoded(data: bytes) -> bytes:
    """The picture saved again without metadata, turned upright first (the orientation tag
    goes with the metadata): JPEG at a high quality, PNG and WebP losslessly where they were."""
    from PIL import Image, ImageOps

    buffer = io.BytesIO()
    with warnings.catch_warnings(), Image.open(io.BytesIO(data)) as original:
        warnings.simplefilter("ignore")  # set before the EXIF is read (exif_transpose), not the header
        image = ImageOps.exif_transpose(original)
        image.info.pop("exif", None)
        kind = "JPEG" if original.format == "MPO" else original.format
        options = {"quality": 95} if kind == "JPEG" else {"lossless": True} if kind == "WEBP" else {}
        image.save(buffer, format=kind, **options)
    return buffer.getvalue()


# ---- copies for printing -----------------------------------------------------------------

# A poster prints a photo a few centimetres wide (the default theme: at most the text's width
# and 80 mm tall, so a phone's 4:3 photo prints 107 x 80 mm on A4 and A3 alike): 300 dpi is
# what a print shop's laser or offset press resolves, and at that size 1260 x 945 pixels. A
# phone photo has 4000 x 3000 or more, 8-20 MB, which the PDF carried whole (a 19 MB photo
# made a 19.8 MB poster: too large to send over WeChat). The printer lays the poster out,
# measures the box each picture is printed in (printing._print_sizes) and is given a copy
# of that size, made here and kept in the cache folder, so a poster printed again (another
# template, another build) does not decode the photo again.
PRINT_DPI = 300
# Tag of the copies' names: changed when the way they are made changes, so that they are made again.
_PRINTED = "print2"  # print2: a 16-bit greyscale PNG made 8-bit, JPEGs decoded by one helper


# Pillow's modes of a picture with 16 bits a value: a 16-bit greyscale PNG (a scanner's, some
# screenshot tools') is I;16. WeasyPrint 70 printed it as a black box ("Unknown image mode:
# I;16", a note in English only) and Pillow's convert("L") clips its 0-65535 to 255 (white):
# such a picture is printed and published from an 8-bit copy (:func:`eight_bit`). A 16-bit RGB
# or RGBA PNG Pillow already reads as 8 bits a value (RGB, RGBA), and prints right.
WIDE_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})


# The most pixels a picture can show on a poster: the largest sheet (A3, 297 x 420 mm, upright)
# at PRINT_DPI, 3508 x 4961. A photo of 95 million pixels (a panorama, a scan) was handed to
# WeasyPrint whole to lay the poster out before it was measured (printing._print_sizes), and a
# phone's upright one (EXIF orientation) was decoded and turned whole: 839 MB to print a notice.
SHEET_PIXELS = (round(297 / 25.4 * PRINT_DPI), round(420 / 25.4 * PRINT_DPI))


def first_print_size(data: bytes) -> tuple[int, int] | None:
    """The size (width, height, upright) of the copy a poster is laid out with before its
    pictures are measured, where the image file ``data`` must not be handed to WeasyPrint as it
    is, None where it may: a picture larger than :data:`SHEET_PIXELS` (no sheet shows more of
    it; its proportions kept, so the layout is the same, see printing._print_sizes) and a 16-bit
    greyscale PNG (:data:`WIDE_MODES`), at its own size. Read from its header only."""
    from PIL import Image

    try:
        with _quietly(), Image.open(io.BytesIO(data)) as image:
            width, height = _upright_size(image)
            wide = image.mode in WIDE_MODES
    except Exception:  # noqa: BLE001 - not a picture Pillow reads: WeasyPrint tells it (unprinted)
        return None
    scale = min(1.0, SHEET_PIXELS[0] / max(width, 1), SHEET_PIXELS[1] / max(height, 1))
    if scale < 1:
        return max(1, round(width * scale)), max(1, round(height * scale))
    return (width, height) if wide else None


@contextlib.contextmanager
def _quietly() -> Iterator[None]:
    """Pillow's warnings in English (a huge picture, damaged EXIF) not shown: browser_fault tells
    them, in Chinese. Entered before Image.open, which gives the one about a huge picture (set
    inside ``with catch_warnings(), Image.open(...)``, the filter came after it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def eight_bit(image):  # noqa: ANN001, ANN201 - a PIL image, imported lazily
    """``image`` with 8 bits a value where it has 16 (:data:`WIDE_MODES`): its values divided
    by 256, not clipped; its transparent grey (a tRNS value of 16 bits) as an alpha channel.
    Any other image as it is."""
    if image.mode not in WIDE_MODES:
        return image
    import numpy as np
    from PIL import Image

    # point() with a scale maps I and I;16 linearly, then "L" holds the values it gives.
    grey = image.point(lambda value: value / 256).convert("L")
    transparent = grey.info.pop("transparency", None)
    if isinstance(transparent, int):  # point() takes any function for a linear one: numpy here
        alpha = np.where(np.asarray(image) == transparent, 0, 255).astype(np.uint8)
        grey = Image.merge("LA", (grey, Image.fromarray(alpha)))
    return grey


def print_copy(data: bytes, size: tuple[int, int] | None, folder: Path) -> bytes:
    """The image file ``data`` (already without its GPS position, see :func:`strip_private`)
    at ``size`` pixels (width, height, upright; None: its own size, for a picture WeasyPrint
    cannot print as it is, :func:`first_print_size`), as a poster prints it: a photo as JPEG at
    quality 85; a PNG (a screenshot, line art, a logo with transparency) or any picture with
    transparency as PNG, whose sharp edges JPEG would blur. No metadata is kept (the pixels
    are turned upright instead of tagged). Kept in ``folder`` under the digest of ``data``."""
    from PIL import Image

    digest = hashlib.blake2b(data, digest_size=8).hexdigest()
    with _quietly(), Image.open(io.BytesIO(data)) as probe:
        lossless = probe.format == "PNG" or _transparent(probe)
        size = size or _upright_size(probe)
    cached = folder / f"{digest}-{_PRINTED}-{size[0]}x{size[1]}{'.png' if lossless else '.jpg'}"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    result = _print_resized(data, size, lossless)
    folder.mkdir(parents=True, exist_ok=True)
    # The second printer process may make the same copy at the same time: a name of its own.
    partial = cached.with_name(f".{cached.name}.{os.getpid()}.part")
    partial.write_bytes(result)
    partial.replace(cached)
    return result


def _transparent(image) -> bool:  # noqa: ANN001 - a PIL image, imported lazily
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _print_resized(data: bytes, size: tuple[int, int], lossless: bool) -> bytes:
    from PIL import Image, ImageOps

    with _quietly(), Image.open(io.BytesIO(data)) as original:
        _draft(original, size)
        ImageOps.exif_transpose(original, in_place=True)  # a copy would double a large PNG's memory
        image = eight_bit(original)
        if lossless:
            mode = "RGBA" if _transparent(image) else "RGB" if image.mode not in ("L", "RGB") else image.mode
            image = image if mode == image.mode else image.convert(mode)
        elif image.mode not in ("L", "RGB"):
            image = image.convert("RGB")  # CMYK, a palette: what a JPEG of a photo holds
        smaller = image.resize(size, Image.Resampling.LANCZOS)
        smaller.info = {}  # no metadata: nothing of the original's beyond its pixels
        buffer = io.BytesIO()
        if lossless:
            smaller.save(buffer, "PNG", optimize=True)
        else:
            smaller.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
