"""Images linked from content, resized (Pillow) to a few widths for ``srcset``.

A photo from a staff member's phone is 3-4 MB; a resident's phone needs a 480-pixel-wide
copy of it. The Markdown stage asks :func:`responsive_attributes` for the ``srcset``,
``width`` and ``height`` of an image (reading only its header); the build asks
:func:`resized_images` for the smaller copies, which are kept in a cache folder under the
digest of the original's bytes, so an unchanged photo is resized once, ever.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Mapping


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
        with Image.open(source) as image:
            width, height = image.size
            if image.getexif().get(0x0112) in ROTATED:
                width, height = height, width
    except (UnidentifiedImageError, OSError):
        return None
    return hashlib.blake2b(data, digest_size=8).hexdigest(), width, height


def measure(source: Path) -> tuple[str, int, int] | None:
    if source.suffix.lower() not in RESIZABLE or not source.is_file():
        return None
    return _measure(source, source.stat().st_mtime_ns)


def variant_path(public: str, width: int) -> str:
    """``media/bins.png`` -> ``media/bins.480w.png``. The name does not carry the photo's
    digest: pages are cached by their Markdown's digest, and a page cached before the photo
    was replaced must still point at files that exist."""
    path = PurePosixPath(public)
    return str(path.with_name(f"{path.stem}.{width}w{path.suffix}"))


def widths_for(width: int) -> list[int]:
    return [w for w in WIDTHS if w < width]


def responsive_attributes(source: Path, url: str) -> dict[str, str]:
    """``width``, ``height``, ``srcset`` and ``sizes`` for an ``<img>`` showing ``source``
    at ``url``. The width and height let the browser reserve the space before the image
    arrives, so the text does not jump while an elderly reader is following it."""
    measured = measure(source)
    if measured is None:
        return {}
    _, width, height = measured
    attributes = {"width": str(width), "height": str(height)}
    smaller = widths_for(width)
    if smaller:
        candidates = [f"{variant_path(url, w)} {w}w" for w in smaller] + [f"{url} {width}w"]
        attributes.update(srcset=", ".join(candidates), sizes=SIZES)
    return attributes


def _resize(source: Path, width: int, target: Path) -> None:
    from PIL import Image, ImageOps

    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode in ("P", "1"):  # palette images resize badly (nearest neighbour only)
            image = image.convert("RGBA")
        height = round(image.height * width / image.width)
        smaller = image.resize((width, height), Image.Resampling.LANCZOS)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        options = {"optimize": True} if target.suffix.lower() == ".png" else {"quality": 82}
        smaller.save(partial, format=original.format, **options)
        partial.replace(target)  # a build interrupted mid-write never leaves half a file in the cache


def resized_images(media: Mapping[str, Path], cache_dir: Path) -> dict[str, Path]:
    """Output path -> cached resized file, for every resizable image among ``media``
    (output path -> original); the cache lives in ``cache_dir``/images."""
    copies: dict[str, Path] = {}
    for public, source in sorted(media.items()):
        measured = measure(source)
        if measured is None:
            continue
        digest, width, _ = measured
        for w in widths_for(width):
            cached = cache_dir / "images" / f"{digest}-{w}{source.suffix.lower()}"
            if not cached.is_file():
                _resize(source, w, cached)
            copies[variant_path(public, w)] = cached
    return copies
