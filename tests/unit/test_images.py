"""Which linked image files a resident's browser cannot show (generator.images.browser_fault)."""

from __future__ import annotations

import io
import struct
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image

from generator.images import Fault, browser_fault, strip_private, without_private
from support.exif import (ARTIST, BYLINE, CAPTION, CONTACT, COPYRIGHT, OWNER, SERIAL, TAKEN, app13, exif_thumbnail,
                          iptc, photoshop_thumbnail, private_exif, resource_block, thumbnail_jpeg, with_segment)


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


# ---- where a photo was taken (generator.images.without_private) ---------------------------

LATITUDE, LONGITUDE = (30.0, 39.0, 12.5), (104.0, 4.0, 33.2)  # a resident's home


def _phone_exif(orientation: int = 6) -> Image.Exif:
    """EXIF as a phone writes it for a photo taken upright: make, orientation, GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: LATITUDE, 3: "E", 4: LONGITUDE})
    return exif


def _gps(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(0x8825))


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


@pytest.mark.parametrize(("name", "fmt"), [("visit.jpg", "JPEG"), ("visit.png", "PNG"), ("visit.webp", "WEBP"),
                                           ("visit.jfif", "JPEG")])
def test_a_photo_is_published_without_its_gps_position_its_pixels_and_orientation_kept(
        tmp_path: Path, name: str, fmt: str) -> None:
    original = _picture(fmt, exif=_phone_exif())
    assert _gps(original)  # the phone's photo tells where it was taken
    (tmp_path / name).write_bytes(original)
    copies = without_private({f"media/{name}": tmp_path / name}, tmp_path / "cache")
    cleaned = copies[f"media/{name}"].read_bytes()
    assert _gps(cleaned) == {}
    with Image.open(io.BytesIO(cleaned)) as image:
        assert 0x8825 not in image.getexif() and image.getexif()[0x0112] == 6  # still shown upright
        assert image.getexif()[0x010F] == "Phone"
    # Not re-encoded: the same length, the same pixels, only metadata bytes changed.
    assert len(cleaned) == len(original) and _pixels(cleaned) == _pixels(original)
    assert (tmp_path / name).read_bytes() == original  # staff's file is left as it was


def test_the_position_bytes_themselves_are_gone(tmp_path: Path) -> None:
    """Zeroed, not just unlinked: a tool scanning the bytes finds no latitude either."""
    exif = _phone_exif()
    exif.get_ifd(0x8825)[2] = (Fraction(30), Fraction(39), Fraction(12347, 1000))
    original = _picture("JPEG", exif=exif)
    order = "little" if b"Exif\x00\x00II" in original else "big"
    seconds = (12347).to_bytes(4, order) + (1000).to_bytes(4, order)
    assert seconds in original
    assert seconds not in strip_private(original)


def test_photos_without_a_position_are_published_as_they_are(tmp_path: Path) -> None:
    """No copy at all: the original file is published byte for byte, as before."""
    exif = Image.Exif()
    exif[0x0112] = 6
    (tmp_path / "plain.jpg").write_bytes(_picture("JPEG"))
    (tmp_path / "turned.jpg").write_bytes(_picture("JPEG", exif=exif))
    (tmp_path / "chart.png").write_bytes(_picture("PNG"))
    (tmp_path / "form.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    media = {f"media/{p.name}": p for p in tmp_path.iterdir()}
    assert without_private(media, tmp_path / "cache") == {}
    assert not (tmp_path / "cache").exists()


def test_every_picture_of_an_mpo_loses_its_position(tmp_path: Path) -> None:
    """A phone's photo with its gain map after it: each picture has EXIF of its own."""
    first, second = Image.linear_gradient("L").convert("RGB"), Image.linear_gradient("L").rotate(90).convert("RGB")
    data = io.BytesIO()
    first.save(data, "MPO", save_all=True, append_images=[second], exif=_phone_exif())
    original = data.getvalue()
    assert original.count(b"Exif\x00\x00") >= 2
    cleaned = strip_private(original)
    assert len(cleaned) == len(original)
    with Image.open(io.BytesIO(cleaned)) as image:
        for frame in range(image.n_frames):
            image.seek(frame)
            assert 0x8825 not in image.getexif() and image.getexif()[0x0112] == 6
        assert image.n_frames == 2  # the offsets to the second picture still hold


def test_a_layout_not_edited_in_place_is_saved_again_without_metadata(tmp_path: Path) -> None:
    """ImageMagick keeps a PNG's EXIF as hex text ("Raw profile type exif"), which Pillow and
    EXIF viewers read: the picture is saved again (PNG: the same pixels), without it."""
    from PIL import PngImagePlugin

    tiff = _phone_exif(orientation=1).tobytes()
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type exif", f"\nexif\n{len(tiff):8d}\n{tiff.hex()}\n")
    original = _picture("PNG", pnginfo=info)
    assert _gps(original)
    (tmp_path / "chart.png").write_bytes(original)
    cleaned = without_private({"media/chart.png": tmp_path / "chart.png"}, tmp_path / "cache")["media/chart.png"]
    assert _gps(cleaned.read_bytes()) == {} and _pixels(cleaned.read_bytes()) == _pixels(original)


def test_a_photo_is_cleaned_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy is kept under the digest of the original's bytes, as the smaller copies are."""
    from generator import images

    (tmp_path / "visit.jpg").write_bytes(_picture("JPEG", exif=_phone_exif()))
    media = {"media/visit.jpg": tmp_path / "visit.jpg"}
    first = without_private(media, tmp_path / "cache")
    monkeypatch.setattr(images, "strip_private", lambda data: pytest.fail("cleaned again"))
    assert without_private(media, tmp_path / "cache") == first


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_damaged_photo_is_cleaned_without_an_error_or_pillows_warnings(fmt: str) -> None:
    """A photo copied in part or damaged: its metadata and pixels may both be broken. Saving it
    again then failed (an OSError stopped the build with a traceback) and Pillow printed its
    English warnings about the EXIF; the staff member is told of a broken picture already
    (browser_fault)."""
    import random
    import warnings

    original = _picture(fmt, exif=_phone_exif())
    rng = random.Random(fmt)
    for _ in range(400):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning fails the test
            cleaned = strip_private(bytes(damaged))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Pillow's, reading the damaged copy here
                assert _gps(cleaned) == {}
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):  # not a picture Pillow opens
            pass


# ---- where a photo was taken, written as XMP (Lightroom, Photoshop, Snapseed, WeChat's edits)

LATITUDE_XMP, LONGITUDE_XMP = b"30,39.2058N", b"104,4.5533E"  # the resident's home, as XMP writes it
_XMP_DESCRIPTION = ('<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
                    'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"')


def _xmp(form: str) -> bytes:
    """An XMP packet as Lightroom writes it, the position as attributes or as elements, or none."""
    if form == "attributes":
        description = (f'{_XMP_DESCRIPTION} xmp:Rating="5" tiff:Orientation="1"\n'
                       f'   exif:GPSLatitude="{LATITUDE_XMP.decode()}" exif:GPSLongitude=\'{LONGITUDE_XMP.decode()}\'\n'
                       '   exif:GPSAltitude="5120/10" exif:GPSVersionID="2.2.0.0"/>')
    elif form == "elements":
        description = (f'{_XMP_DESCRIPTION} xmp:Rating="5">\n'
                       f'   <exif:GPSLatitude>{LATITUDE_XMP.decode()}</exif:GPSLatitude>\n'
                       f'   <exif:GPSLongitude>{LONGITUDE_XMP.decode()}</exif:GPSLongitude>\n'
                       '   <exif:GPSTimeStamp>2026-11-20T09:30:00Z</exif:GPSTimeStamp>\n'
                       '  </rdf:Description>')
    else:
        description = f'{_XMP_DESCRIPTION} xmp:Rating="5" tiff:Orientation="1"/>'
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'  {description}\n</rdf:RDF></x:xmpmeta>\n' + " " * 200 + '\n<?xpacket end="w"?>').encode()


def _with_xmp(fmt: str, packet: bytes) -> bytes:
    """A picture with the XMP ``packet``: JPEG and WebP as Pillow writes them, PNG in an iTXt
    chunk, uncompressed ("PNG") or compressed ("PNG-zip")."""
    if fmt.startswith("PNG"):
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", packet.decode(), zip=fmt == "PNG-zip")
        return _picture("PNG", pnginfo=info)
    return _picture(fmt, xmp=packet)


def _xmp_of(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        packet = image.info.get("xmp", b"")
    return packet.encode() if isinstance(packet, str) else packet


def _assert_no_xmp_position(cleaned: bytes) -> None:
    for told in (LATITUDE_XMP, LONGITUDE_XMP, b"GPSLatitude", b"GPSLongitude", b"GPSAltitude", b"GPSTimeStamp"):
        assert told not in cleaned, told


@pytest.mark.parametrize("form", ["attributes", "elements"])
@pytest.mark.parametrize(("name", "fmt"), [("visit.jpg", "JPEG"), ("visit.png", "PNG"), ("chart.png", "PNG-zip"),
                                           ("visit.webp", "WEBP")])
def test_a_photo_is_published_without_its_xmp_gps_position(tmp_path: Path, name: str, fmt: str, form: str) -> None:
    """The position Lightroom or a phone's editor wrote into the XMP packet: gone from the
    published copy, the packet still well-formed with its other properties, the picture the same."""
    import xml.etree.ElementTree as ElementTree

    original = _with_xmp(fmt, _xmp(form))
    assert LATITUDE_XMP in original or fmt == "PNG-zip"
    assert LATITUDE_XMP in _xmp_of(original)
    (tmp_path / name).write_bytes(original)
    copies = without_private({f"media/{name}": tmp_path / name}, tmp_path / "cache")
    cleaned = copies[f"media/{name}"].read_bytes()
    _assert_no_xmp_position(cleaned)
    packet = _xmp_of(cleaned)
    _assert_no_xmp_position(packet)
    assert b'xmp:Rating="5"' in packet
    ElementTree.fromstring(packet.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])  # still well-formed
    assert _pixels(cleaned) == _pixels(original)
    with Image.open(io.BytesIO(cleaned)) as image, Image.open(io.BytesIO(original)) as before:
        assert (image.format, image.size) == (before.format, before.size)
    if fmt != "PNG-zip":  # blanked in place: not a byte more or less
        assert len(cleaned) == len(original)
    assert (tmp_path / name).read_bytes() == original  # staff's file is left as it was


def test_a_photo_with_xmp_but_no_position_is_published_as_it_is(tmp_path: Path) -> None:
    for name, fmt in [("a.jpg", "JPEG"), ("b.png", "PNG"), ("c.png", "PNG-zip"), ("d.webp", "WEBP")]:
        (tmp_path / name).write_bytes(_with_xmp(fmt, _xmp("none")))
    media = {f"media/{p.name}": p for p in tmp_path.iterdir()}
    assert without_private(media, tmp_path / "cache") == {}
    assert not (tmp_path / "cache").exists()


def test_a_position_in_extended_xmp_cut_in_two_is_gone(tmp_path: Path) -> None:
    """Extended XMP (a packet too large for one JPEG segment, in parts with a GUID, the length
    and each part's offset): a property cut in two at a part's end is still found."""
    extended = _xmp("elements")
    cut = extended.index(b"GPSLongitude") + 5  # the name, and the coordinate after it, in two parts
    guid = b"0123456789ABCDEF0123456789ABCDEF"
    segments = b""
    for offset, part in ((0, extended[:cut]), (cut, extended[cut:])):
        payload = b"http://ns.adobe.com/xmp/extension/\x00" + guid + len(extended).to_bytes(4, "big") \
            + offset.to_bytes(4, "big") + part
        segments += b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    plain = _picture("JPEG")
    original = plain[:2] + segments + plain[2:]
    assert LONGITUDE_XMP in original
    cleaned = strip_private(original)
    assert LONGITUDE_XMP not in cleaned and LATITUDE_XMP not in cleaned and b"GPSLong" not in cleaned
    assert len(cleaned) == len(original) and _pixels(cleaned) == _pixels(original)


def test_a_damaged_xmp_packet_loses_its_position_without_an_error(tmp_path: Path) -> None:
    """An element left open, a segment whose length runs past the file's end, a compressed
    PNG packet that does not inflate: the position is still not published, and the build
    does not stop."""
    import zlib

    open_element = _xmp("elements").replace(b"</exif:GPSLatitude>", b"")
    cleaned = strip_private(_picture("JPEG", xmp=open_element))
    assert LATITUDE_XMP not in cleaned and b"GPSLatitude" not in cleaned and _pixels(cleaned)

    jpeg = _picture("JPEG", xmp=_xmp("attributes"))
    segment = jpeg.index(b"http://ns.adobe.com/xap/1.0/\x00") - 2
    cut = jpeg[:segment] + b"\xff\xff" + jpeg[segment + 2:jpeg.index(LONGITUDE_XMP) + 4]  # a photo cut short
    cleaned = strip_private(cut)
    assert LATITUDE_XMP not in cleaned and b"104,4" not in cleaned and len(cleaned) == len(cut)

    png = _with_xmp("PNG-zip", _xmp("attributes"))
    at = png.index(b"iTXtXML:com.adobe.xmp")
    length = int.from_bytes(png[at - 4:at], "big")
    body = png[at + 4:at + 4 + length - 8] + b"\xde\xad\xbe\xef\x00\x01\x02\x03"  # its stream's end damaged
    damaged = png[:at + 4] + body + zlib.crc32(b"iTXt" + body).to_bytes(4, "big") + png[at + 8 + length:]
    (tmp_path / "chart.png").write_bytes(damaged)
    copy = without_private({"media/chart.png": tmp_path / "chart.png"}, tmp_path / "cache")["media/chart.png"]
    cleaned = copy.read_bytes()

    def partly_inflated(png: bytes) -> bytes:  # what a reader inflating what it can would see
        text = png.index(b"XML:com.adobe.xmp\x00") + 22  # the keyword, flag, method, no language
        inflater, inflated = zlib.decompressobj(), b""
        for byte in png[text:text + length - 22]:
            try:
                inflated += inflater.decompress(bytes([byte]))
            except zlib.error:
                break
        return inflated

    assert LATITUDE_XMP in partly_inflated(damaged)
    assert LATITUDE_XMP not in partly_inflated(cleaned)
    assert _pixels(cleaned) == _pixels(damaged) and len(cleaned) == len(damaged)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_randomly_damaged_xmp_photo_is_cleaned_without_an_error(fmt: str) -> None:
    """As for EXIF: a photo damaged anywhere, its XMP included, never stops the build."""
    import random
    import warnings

    original = _with_xmp(fmt, _xmp("elements"))
    start = original.index(b"<x:xmpmeta")
    rng = random.Random(fmt + "xmp")
    for _ in range(300):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(start, start + 600)] = rng.randrange(256)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning fails the test
            cleaned = strip_private(bytes(damaged))
        assert LATITUDE_XMP not in cleaned or LATITUDE_XMP not in damaged


def test_a_copy_made_before_xmp_was_cleaned_is_made_again(tmp_path: Path) -> None:
    """The cached copies of a version that removed the EXIF's position only still hold the
    XMP's: their name changed, so that they are not published again."""
    import hashlib

    exif = _phone_exif()
    original = _picture("JPEG", exif=exif, xmp=_xmp("attributes"))
    (tmp_path / "visit.jpg").write_bytes(original)
    digest = hashlib.blake2b(original, digest_size=8).hexdigest()
    stale = tmp_path / "cache/images" / f"{digest}-nogps2.jpg"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(original)  # as the version before would have left the XMP
    copy = without_private({"media/visit.jpg": tmp_path / "visit.jpg"}, tmp_path / "cache")["media/visit.jpg"]
    assert copy != stale
    _assert_no_xmp_position(copy.read_bytes())
    assert _gps(copy.read_bytes()) == {}


# ---- what else a photo tells: its EXIF thumbnail, staff's and phones' names ------------------

THUMBNAIL = thumbnail_jpeg()
_NAMES = (OWNER.encode(), SERIAL.encode(), ARTIST.encode())


def _assert_nothing_private(cleaned: bytes, frame: int = 0) -> None:
    """No thumbnail and no names left in the EXIF of ``cleaned``'s picture ``frame``; its
    orientation, camera and date taken kept."""
    with Image.open(io.BytesIO(cleaned)) as image:
        image.seek(frame)
        exif = image.getexif()
        assert exif_thumbnail(image) == b"" and exif.get_ifd(Image.ExifTags.IFD.IFD1) == {}
        assert 0x013B not in exif
        assert exif.get_ifd(0x8769) == {0x9003: TAKEN}  # the date taken, without owner and serial
        assert exif[0x0112] == 6 and exif[0x010F] == "Phone"


@pytest.mark.parametrize(("name", "fmt"), [("visit.jpg", "JPEG"), ("visit.png", "PNG"), ("visit.webp", "WEBP")])
def test_a_photo_without_a_position_is_published_without_its_thumbnail_and_names(
        tmp_path: Path, name: str, fmt: str) -> None:
    """A photo cropped by an editor that kept the EXIF thumbnail of the picture as first
    taken (with the resident's face), its owner's name and serial number, no GPS position:
    published as a copy without them, the same length and pixels, upright."""
    original = _picture(fmt, exif=private_exif(THUMBNAIL))
    with Image.open(io.BytesIO(original)) as image:
        assert exif_thumbnail(image) == THUMBNAIL and not image.getexif().get_ifd(0x8825)
    (tmp_path / name).write_bytes(original)
    cleaned = without_private({f"media/{name}": tmp_path / name}, tmp_path / "cache")[f"media/{name}"].read_bytes()
    _assert_nothing_private(cleaned)
    for told in (THUMBNAIL, *_NAMES):  # zeroed, not just unlinked
        assert told not in cleaned
    assert len(cleaned) == len(original) and _pixels(cleaned) == _pixels(original)
    assert (tmp_path / name).read_bytes() == original  # staff's file is left as it was


def test_every_picture_of_an_mpo_loses_its_thumbnail_and_names() -> None:
    first, second = Image.linear_gradient("L").convert("RGB"), Image.linear_gradient("L").rotate(90).convert("RGB")
    data = io.BytesIO()
    first.save(data, "MPO", save_all=True, append_images=[second], exif=private_exif(THUMBNAIL))
    original = data.getvalue()
    assert original.count(THUMBNAIL) == 2
    cleaned = strip_private(original)
    assert len(cleaned) == len(original) and THUMBNAIL not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.n_frames == 2  # the offsets to the second picture still hold
    for frame in (0, 1):
        _assert_nothing_private(cleaned, frame)


def test_a_photo_with_only_one_of_them_gets_a_copy(tmp_path: Path) -> None:
    """Each one alone makes the photo one holding something private: a copy is published."""
    for tag, ifd in ((0x013B, None), (0xA430, 0x8769), (0xA431, 0x8769)):
        exif = Image.Exif()
        exif[0x0112] = 6
        (exif if ifd is None else exif.get_ifd(ifd))[tag] = "Li"
        (tmp_path / f"{tag}.jpg").write_bytes(_picture("JPEG", exif=exif))
    (tmp_path / "thumbnail.jpg").write_bytes(_picture("JPEG", exif=private_exif(THUMBNAIL)))
    media = {f"media/{p.name}": p for p in tmp_path.iterdir()}
    copies = without_private(media, tmp_path / "cache")
    assert sorted(copies) == sorted(media)
    for copy in copies.values():
        with Image.open(copy) as image:
            exif = image.getexif()
            assert 0x013B not in exif and not {0xA430, 0xA431} & set(exif.get_ifd(0x8769)), copy
            assert exif.get_ifd(Image.ExifTags.IFD.IFD1) == {} and exif[0x0112] == 6


_XMP_PRIVATE = (f'{_XMP_DESCRIPTION} xmlns:dc="http://purl.org/dc/elements/1.1/"'
                ' xmlns:xmpGImg="http://ns.adobe.com/xap/1.0/g/img/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"'
                ' xmlns:exifEX="http://cipa.jp/exif/1.0/"\n'
                f'   xmp:Rating="5" xmp:CreatorTool="Snapseed" exifEX:CameraOwnerName="{OWNER}"'
                f' aux:SerialNumber="{SERIAL}">\n'
                f'   <dc:creator><rdf:Seq><rdf:li>{ARTIST}</rdf:li></rdf:Seq></dc:creator>\n'
                '   <xmp:Thumbnails><rdf:Alt><rdf:li rdf:parseType="Resource"><xmpGImg:width>40</xmpGImg:width>'
                '<xmpGImg:format>JPEG</xmpGImg:format><xmpGImg:image>{thumbnail}</xmpGImg:image>'
                '</rdf:li></rdf:Alt></xmp:Thumbnails>\n  </rdf:Description>')


@pytest.mark.parametrize(("name", "fmt"), [("visit.jpg", "JPEG"), ("chart.png", "PNG-zip"), ("visit.webp", "WEBP")])
def test_xmp_thumbnails_and_names_are_blanked(tmp_path: Path, name: str, fmt: str) -> None:
    """Photoshop's and Bridge's XMP thumbnail (base64 JPEG), the creator, the owner's name and
    the serial number: blanked in the packet, which stays well-formed with its other properties."""
    import base64
    import xml.etree.ElementTree as ElementTree

    encoded = base64.b64encode(THUMBNAIL)
    packet = _xmp("none").replace(f'{_XMP_DESCRIPTION} xmp:Rating="5" tiff:Orientation="1"/>'.encode(),
                                  _XMP_PRIVATE.replace("{thumbnail}", encoded.decode()).encode())
    original = _with_xmp(fmt, packet)
    assert encoded in _xmp_of(original)
    (tmp_path / name).write_bytes(original)
    cleaned = without_private({f"media/{name}": tmp_path / name}, tmp_path / "cache")[f"media/{name}"].read_bytes()
    left = _xmp_of(cleaned)
    for told in (encoded[:40], b"Thumbnails", b"dc:creator", *_NAMES):
        assert told not in left and told not in cleaned, told
    description = ElementTree.fromstring(left).find(".//{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description")
    assert description.get("{http://ns.adobe.com/xap/1.0/}Rating") == "5"
    assert description.get("{http://ns.adobe.com/xap/1.0/}CreatorTool") == "Snapseed"  # the editor: no one's name
    assert _pixels(cleaned) == _pixels(original)


def test_the_smaller_copies_hold_none_of_it(tmp_path: Path) -> None:
    """The resized copies (Pillow) are saved without the original's EXIF and XMP."""
    from generator.images import resized_images

    photo = tmp_path / "visit.jpg"
    image = Image.linear_gradient("L").resize((1000, 800)).convert("RGB")
    image.save(photo, "JPEG", exif=private_exif(THUMBNAIL), xmp=_xmp("attributes"))
    copies = resized_images({"media/visit.jpg": photo}, tmp_path / "cache")
    assert copies
    for copy in copies.values():
        data = copy.read_bytes()
        with Image.open(copy) as smaller:
            assert not smaller.getexif() and "xmp" not in smaller.info and smaller.height > smaller.width  # upright
        for told in (THUMBNAIL, *_NAMES, LATITUDE_XMP):
            assert told not in data


def test_a_thumbnail_length_counted_beyond_the_file_is_not_read_number_by_number() -> None:
    """A damaged IFD1 saying its thumbnail has two thousand million lengths: the copy is made
    at once (each was read, one by one), without the thumbnail."""
    import struct

    original = _picture("JPEG", exif=private_exif(THUMBNAIL))
    order = "<" if b"Exif\x00\x00II" in original else ">"
    entry = struct.pack(order + "HHI", 0x0202, 4, 1)
    assert original.count(entry) == 1
    damaged = original.replace(entry, struct.pack(order + "HHI", 0x0202, 4, 0x7FFFFFFF))
    cleaned = strip_private(damaged)
    assert THUMBNAIL not in cleaned and _pixels(cleaned) == _pixels(original)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.getexif().get_ifd(Image.ExifTags.IFD.IFD1) == {}


# ---- Photoshop's APP13: its thumbnail and IPTC names; the lens's serial, the maker note ----

_IPTC_NAMES = (BYLINE.encode(), CONTACT.encode(), COPYRIGHT.encode(), b"Chief of the grid", b"Lane 3, No. 12")
_RESOLUTION = struct.pack(">IHHIHH", 72 << 16, 1, 1, 72 << 16, 1, 1)


def _photoshop_jpeg(thumbnail_resource: int = 0x040C, **options: object) -> bytes:
    """A photo cropped and saved by Photoshop: its resolution, File Info's IPTC (title,
    by-line and its title, sub-location, copyright, contact, caption) and the thumbnail of
    the picture as it was."""
    datasets = iptc([(5, "Visit"), (80, BYLINE), (85, "Chief of the grid"), (92, "Lane 3, No. 12"),
                     (116, COPYRIGHT), (118, CONTACT), (120, CAPTION)])
    segment = app13(resource_block(0x03ED, _RESOLUTION), resource_block(0x0404, datasets),
                    resource_block(thumbnail_resource, photoshop_thumbnail(THUMBNAIL)))
    return with_segment(_picture("JPEG", **options), segment)


def _photoshop_info(data: bytes) -> tuple[dict, dict]:
    from PIL import IptcImagePlugin

    with Image.open(io.BytesIO(data)) as image:
        return dict(image.info.get("photoshop", {})), IptcImagePlugin.getiptcinfo(image) or {}


@pytest.mark.parametrize("resource", [0x040C, 0x0409])
def test_a_photoshop_thumbnail_and_iptc_names_are_blanked(tmp_path: Path, resource: int) -> None:
    """A photo without EXIF or XMP, cropped in Photoshop: its APP13 thumbnail (the uncropped
    picture) and the IPTC datasets naming staff or a home are zeroed in place; the caption and
    title staff wrote, and the other resources, are kept; the copy is found clean."""
    original = _photoshop_jpeg(resource)
    resources, datasets = _photoshop_info(original)
    assert THUMBNAIL in resources[resource] and datasets[(2, 80)] == BYLINE.encode()
    (tmp_path / "visit.jpg").write_bytes(original)
    copy = without_private({"media/visit.jpg": tmp_path / "visit.jpg"}, tmp_path / "cache")["media/visit.jpg"]
    cleaned = copy.read_bytes()
    for told in (THUMBNAIL, *_IPTC_NAMES):
        assert told not in cleaned, told
    resources, datasets = _photoshop_info(cleaned)
    assert not any(resources[resource]) and resources[0x03ED]["XResolution"] == 72
    assert datasets[(2, 120)] == CAPTION.encode() and datasets[(2, 5)] == b"Visit"
    assert len(cleaned) == len(original) and _pixels(cleaned) == _pixels(original)
    assert strip_private(cleaned) == cleaned
    (tmp_path / "again.jpg").write_bytes(cleaned)
    assert without_private({"media/again.jpg": tmp_path / "again.jpg"}, tmp_path / "cache") == {}


def test_a_photoshop_resource_cut_across_two_segments_is_blanked() -> None:
    """Photoshop goes on in a second APP13 segment when the resources outgrow one: the
    thumbnail cut in two is zeroed in both parts."""
    blocks = resource_block(0x0404, iptc([(80, BYLINE)])) + resource_block(0x040C, photoshop_thumbnail(THUMBNAIL))
    cut = blocks.index(THUMBNAIL) + len(THUMBNAIL) // 2
    segments = app13(blocks[:cut]) + app13(blocks[cut:])
    original = with_segment(_picture("JPEG"), segments)
    cleaned = strip_private(original)
    half = len(THUMBNAIL) // 2
    for part in (THUMBNAIL[:half], THUMBNAIL[half:]):
        at = original.index(part)
        assert cleaned[at:at + len(part)] == bytes(len(part))
    assert BYLINE.encode() not in cleaned
    assert len(cleaned) == len(original) and _pixels(cleaned) == _pixels(original)


def test_a_copy_made_before_photoshop_resources_were_cleaned_is_made_again(tmp_path: Path) -> None:
    import hashlib

    original = with_segment(_picture("JPEG", exif=private_exif(THUMBNAIL)), app13(
        resource_block(0x0404, iptc([(80, BYLINE)]))))
    (tmp_path / "visit.jpg").write_bytes(original)
    stale = tmp_path / "cache/images" / f"{hashlib.blake2b(original, digest_size=8).hexdigest()}-private1.jpg"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(original)  # as the version before would have left the IPTC by-line
    copy = without_private({"media/visit.jpg": tmp_path / "visit.jpg"}, tmp_path / "cache")["media/visit.jpg"]
    assert copy != stale and BYLINE.encode() not in copy.read_bytes()


def test_a_randomly_damaged_photoshop_segment_is_cleaned_without_an_error() -> None:
    """Damaged sizes, resources' signatures, IPTC markers, records and sizes: the build does
    not stop, no warning is printed, and neither the thumbnail's bytes nor the by-line's are
    left. (Not damaged: the segment's own signature, the resources' ids and the datasets'
    numbers, which make a segment, a resource or a dataset no reader takes for Photoshop's,
    a thumbnail, IPTC or a by-line.)"""
    import random
    import warnings

    original = _photoshop_jpeg()
    start = original.index(b"Photoshop 3.0\x00") + 14
    ids = {at + i for at in range(start, len(original)) if original.startswith(b"8BIM", at) for i in (4, 5)}
    ids |= {at + i for at in range(start, len(original)) if original[at:at + 2] in (b"\x1c\x01", b"\x1c\x02")
            for i in (1, 2)}
    places = [at for at in range(start, original.index(THUMBNAIL)) if at not in ids]
    rng = random.Random("app13")
    for _ in range(300):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 6)):
            damaged[rng.choice(places)] = rng.randrange(256)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning fails the test
            cleaned = strip_private(bytes(damaged))
        assert THUMBNAIL not in cleaned and BYLINE.encode() not in cleaned


def test_a_lens_serial_number_and_the_maker_note_are_removed() -> None:
    """The lens's serial number, and the maker note (Canon's owner name and serials, the names
    Panasonic's face recognition gives the people it knows): gone, the date taken kept."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769).update({0x9003: TAKEN, 0xA435: SERIAL, 0x927C: b"Panasonic\x00\x00\x00" + ARTIST.encode()})
    original = _picture("JPEG", exif=exif)
    cleaned = strip_private(original)
    assert SERIAL.encode() not in cleaned and ARTIST.encode() not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.getexif().get_ifd(0x8769) == {0x9003: TAKEN} and image.getexif()[0x0112] == 6
    assert len(cleaned) == len(original) and _pixels(cleaned) == _pixels(original)


def test_the_xmp_twins_of_the_iptc_names_are_blanked() -> None:
    """Photoshop writes File Info into XMP as well: the copyright, the by-line's title, the
    caption writer, the contact and the sub-location go; the caption stays."""
    twins = (f'{_XMP_DESCRIPTION} xmlns:dc="http://purl.org/dc/elements/1.1/"'
             ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
             ' xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"\n'
             '   photoshop:AuthorsPosition="Chief of the grid" photoshop:CaptionWriter="Zhang Wei (community staff)"'
             ' Iptc4xmpCore:Location="Lane 3, No. 12">\n'
             f'   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{COPYRIGHT}</rdf:li></rdf:Alt></dc:rights>\n'
             f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{CAPTION}</rdf:li></rdf:Alt></dc:description>\n'
             f'   <Iptc4xmpCore:CreatorContactInfo rdf:parseType="Resource"><Iptc4xmpCore:CiTelWork>{CONTACT}'
             '</Iptc4xmpCore:CiTelWork></Iptc4xmpCore:CreatorContactInfo>\n  </rdf:Description>')
    packet = _xmp("none").replace(f'{_XMP_DESCRIPTION} xmp:Rating="5" tiff:Orientation="1"/>'.encode(), twins.encode())
    original = _picture("JPEG", xmp=packet)
    cleaned = strip_private(original)
    for told in _IPTC_NAMES:
        assert told in original and told not in cleaned, told
    assert CAPTION.encode() in _xmp_of(cleaned) and len(cleaned) == len(original)


def test_the_smaller_copies_hold_no_photoshop_resources(tmp_path: Path) -> None:
    """Pillow does not write APP13 when it saves the resized copies."""
    from generator.images import resized_images

    photo = tmp_path / "visit.jpg"
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((1000, 800)).convert("RGB").save(buffer, "JPEG")
    photo.write_bytes(with_segment(buffer.getvalue(), app13(
        resource_block(0x0404, iptc([(80, BYLINE)])), resource_block(0x040C, photoshop_thumbnail(THUMBNAIL)))))
    copies = resized_images({"media/visit.jpg": photo}, tmp_path / "cache")
    assert copies
    for copy in copies.values():
        data = copy.read_bytes()
        assert b"Photoshop 3.0" not in data and b"\xff\xed" not in data.split(b"\xff\xda", 1)[0]
        assert THUMBNAIL not in data and BYLINE.encode() not in data


@pytest.mark.parametrize("orientation", [1, 6])  # 6: a phone held upright, width and height swap
def test_a_large_jpeg_is_decoded_once_and_at_a_fraction_of_its_size_for_its_copies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, orientation: int) -> None:
    """An 8000 x 6000 phone photo was decoded whole once for each of its three copies (5.5 s,
    500 MB); a JPEG decodes at 1/2, 1/4, 1/8 of its size (Pillow's draft) where that is still
    at least the largest copy."""
    from PIL import ImageFile

    from generator.images import WIDTHS, resized_images

    photo = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.linear_gradient("L").resize((4000, 3000)).convert("RGB").save(photo, "JPEG", exif=exif)
    decoded: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def counting_load(image):  # noqa: ANN001, ANN202
        if image.tile and image.filename == str(photo):
            decoded.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    copies = resized_images({"media/phone.jpg": photo}, tmp_path / "cache")
    assert decoded == [(2000, 1500)]  # 1/4 would be 1000 wide, less than the largest copy
    for width in WIDTHS:
        with Image.open(copies[f"media/phone.{width}w.jpg"]) as copy:
            assert copy.size == ((width, width * 3 // 4) if orientation == 1 else (width, width * 4 // 3))


_PEAK = """
import re, sys
from pathlib import Path
from generator import images

def status(field):  # kB; VmHWM is the peak of this process's own memory (ru_maxrss keeps the parent's)
    return int(re.search(field + r":\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))

source, cache = Path(sys.argv[1]), Path(sys.argv[2])
data = source.read_bytes()
Path("/proc/self/clear_refs").write_text("5")  # the peak from here on
before = status("VmRSS")
if sys.argv[3] == "website":
    images.resized_images({"media/scan.png": source}, cache)
else:
    images.print_copy(data, (1000, 800), cache)
print((status("VmHWM") - before) * 1024)
"""


@pytest.mark.parametrize("copy", ["website", "print"])
def test_a_large_png_is_resized_without_copies_of_it_whole(tmp_path: Path, copy: str) -> None:
    """A PNG decodes whole (no draft as for a JPEG): a 50-megapixel one is 150 MB decoded, and
    turning it upright and converting it made two more of it (a build's peak 748 MB, now 395)."""
    import subprocess
    import sys

    source = tmp_path / "scan.png"
    Image.linear_gradient("L").resize((5000, 4000)).convert("RGB").save(source, compress_level=1)
    decoded = 5000 * 4000 * 4  # Pillow keeps RGB in 4 bytes a pixel
    grown = subprocess.run([sys.executable, "-c", _PEAK, source, tmp_path / "cache", copy],
                           capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]).stdout
    # The picture once, and what resizing needs beside it (it was 2.5-3 times the picture).
    assert int(grown) < decoded * 1.75, int(grown) / decoded


def test_a_copy_resized_the_way_before_is_made_again(tmp_path: Path) -> None:
    """A website copy cached by an earlier version (made from a whole decoding, or 16-bit) is not
    published: the cache names the way copies are made, so an upgraded build equals a clean one."""
    from generator.images import measure, resized_images

    source = tmp_path / "photo.jpg"
    Image.new("RGB", (2000, 1500), (200, 100, 50)).save(source, quality=90)
    digest = measure(source)[0]
    stale = tmp_path / "cache/images" / f"{digest}-480.jpg"  # the name before the way was named
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"made the old way")
    copies = resized_images({"media/photo.jpg": source}, tmp_path / "cache")
    assert copies and all(path.read_bytes() != b"made the old way" for path in copies.values())
