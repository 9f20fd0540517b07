"""Reading printed posters in tests: page boxes, fonts, text, QR codes, pictures.

    from support.pdf import page_sizes_mm, page_boxes_pt, fonts, text, text_sizes, size_of, decode_qr, to_png, gray
    from support.pdf import word_boxes, outline

Uses pypdf (boxes) and poppler-utils (``pdffonts``, ``pdftotext``, ``pdftoppm``); QR codes
are read with zxing-cpp, or ``zbarimg`` (zbar-tools) when zxing-cpp is not installed.
Every function takes a path to a PDF.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PT_PER_MM = 72 / 25.4

A4_MM = (210.0, 297.0)
A3_MM = (297.0, 420.0)
A4_PT = (595.28, 841.89)
A3_PT = (841.89, 1190.55)
BLEED_MM = 3.0


def _size(box) -> tuple[float, float]:
    return float(box.right) - float(box.left), float(box.top) - float(box.bottom)


def page_boxes_pt(pdf: str | Path) -> list[dict[str, tuple[float, float]]]:
    """Per page: ``{"media": (w, h), "trim": (w, h), "bleed": (w, h)}`` in points (2 decimals).

    A missing TrimBox/BleedBox defaults to the MediaBox, as the PDF spec says.
    """
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(str(pdf)).pages:
        boxes = {}
        for name, box in (("media", page.mediabox), ("trim", page.trimbox), ("bleed", page.bleedbox)):
            w, h = _size(box)
            boxes[name] = (round(w, 2), round(h, 2))
        pages.append(boxes)
    return pages


def page_sizes_mm(pdf: str | Path) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Per page: ``((media_w, media_h), (trim_w, trim_h))`` in millimetres, 1 decimal.

    An A4 poster gives ``((210.0, 297.0), (210.0, 297.0))``; with 3 mm bleed
    ``((216.0, 303.0), (210.0, 297.0))``.
    """
    result = []
    for boxes in page_boxes_pt(pdf):
        media, trim = (tuple(round(v / PT_PER_MM, 1) for v in boxes[k]) for k in ("media", "trim"))
        result.append((media, trim))
    return result


def page_count(pdf: str | Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def outline(pdf: str | Path) -> list[str]:
    """The titles of the PDF's bookmarks (its outline, the headings a viewer lists beside the
    pages), depth first, as a reader or a print shop's software shows them."""
    from pypdf import PdfReader

    def titles(items) -> list[str]:
        return [title for item in items for title in (titles(item) if isinstance(item, list) else [item.title])]

    return titles(PdfReader(str(pdf)).outline)


def fonts(pdf: str | Path) -> list[dict]:
    """``pdffonts`` as dicts: name, type, encoding, emb, sub, uni (the last three are bools)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    # Columns are fixed width, given by the dashes line under the header.
    dashes = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[dashes])]
    names = ["name", "type", "encoding", "emb", "sub", "uni", "object", "id"]
    result = []
    for line in lines[dashes + 1:]:
        if not line.strip():
            continue
        cols = [line[a:b + 1].strip() for a, b in spans[:-1]] + [line[spans[-1][0]:].strip()]
        row = dict(zip(names, cols))
        for k in ("emb", "sub", "uni"):
            row[k] = row[k] == "yes"
        result.append(row)
    return result


def text(pdf: str | Path, first: int | None = None, last: int | None = None, raw: bool = False) -> str:
    """The text of the PDF as ``pdftotext -layout`` extracts it (what a reader can copy).
    ``raw``: in the order it is drawn (``-raw``), which is the document's: the lines a table
    cell or a column wraps into follow each other, not the lines beside them."""
    cmd = ["pdftotext", "-raw" if raw else "-layout", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run(cmd + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@dataclass(frozen=True)
class Word:
    """A word as ``pdftotext -bbox`` finds it, in points from the page's top left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageWords:
    width: float  # points, the media box
    height: float
    words: list[Word]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')


def word_boxes(pdf: str | Path) -> list[PageWords]:
    """Every page's words with their boxes (``pdftotext -bbox``). Poppler leaves out a glyph
    that lies wholly off the page and keeps one cut by its edge, box and all: text run off
    the sheet shows as a box past the edge, or as words missing from ``text(pdf, raw=True)``."""
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [PageWords(float(width), float(height),
                      [Word(html.unescape(t), float(a), float(b), float(c), float(d))
                       for a, b, c, d, t in _WORD.findall(body)])
            for width, height, body in _PAGE.findall(out)]


def text_sizes(pdf: str | Path, page: int = 1) -> list[tuple[float, str]]:
    """Each run of text on a page with the size it is printed at, in points (1 decimal):
    the font size times the vertical scale of the text and page matrices (pypdf)."""
    from pypdf import PdfReader

    runs: list[tuple[float, str]] = []

    def visit(words, cm, tm, font, size):
        if words.strip():
            scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
            runs.append((round(size * scale, 1), words.strip()))

    PdfReader(str(pdf)).pages[page - 1].extract_text(visitor_text=visit)
    return runs


def size_of(pdf: str | Path, words: str, page: int = 1) -> float:
    """The size in points of the run of text that contains ``words`` (the first one)."""
    runs = text_sizes(pdf, page)
    for size, run in runs:
        if words in run:
            return size
    raise AssertionError(f"{words!r} not found in {[run for _, run in runs]}")


def to_png(pdf: str | Path, out_dir: str | Path, dpi: int = 50, first: int | None = None,
           last: int | None = None) -> list[Path]:
    """Pages as PNG files (``pdftoppm -r dpi``), in page order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / Path(pdf).stem
    cmd = ["pdftoppm", "-r", str(dpi), "-png"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    subprocess.run(cmd + [str(pdf), str(prefix)], check=True, capture_output=True)
    # pdftoppm names pages <prefix>-<n>.png, n zero-padded to the page count's width.
    pattern = re.compile(re.escape(prefix.name) + r"-(\d+)\.png")
    pngs = [(int(m.group(1)), p) for p in out_dir.iterdir() if (m := pattern.fullmatch(p.name))]
    lo, hi = first or 1, last or 10**9
    return [p for n, p in sorted(pngs) if lo <= n <= hi]


def gray(pdf: str | Path, page: int = 1, dpi: int = 150):
    """One page as a black-and-white printer sees it: a numpy array of gray levels (0 black,
    255 white), ``pdftoppm -gray`` (0.30 R + 0.59 G + 0.11 B, as printer drivers convert).

    No anti-aliasing: a rule or a band is drawn in its own gray on whole pixels, and a letter's
    pixels are its colour, not a blend with the background, so a region's lightest and darkest
    pixels are the colours printed there.
    """
    import tempfile

    import numpy as np
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-aa", "no", "-aaVector", "no", str(pdf), str(prefix)], check=True, capture_output=True)
        (png,) = Path(tmp).glob("page*.png")
        with Image.open(png) as image:
            return np.asarray(image.convert("L"), dtype=np.uint8)


def contrast(gray_a: float, gray_b: float) -> float:
    """The WCAG contrast ratio of two gray levels (0-255, sRGB): (L1 + 0.05) / (L2 + 0.05)."""

    def luminance(level: float) -> float:
        c = level / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    light, dark = sorted((luminance(gray_a), luminance(gray_b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def decode_qr(pdf: str | Path, page: int = 1, dpi: int = 100) -> list[str]:
    """The contents of every QR code on one page, rendered at ``dpi``.

    Read with zxing-cpp; zbarimg when zxing-cpp is missing or finds nothing.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (png,) = to_png(pdf, tmp, dpi=dpi, first=page, last=page)
        try:
            import zxingcpp
            from PIL import Image
        except ImportError:
            return _zbar(png)
        with Image.open(png) as image:
            found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
        if not found and shutil.which("zbarimg"):  # a second reader before saying "none"
            return _zbar(png)
        return [r.text for r in found]


def _zbar(png: Path) -> list[str]:
    if not shutil.which("zbarimg"):
        raise RuntimeError("no QR decoder: pip install zxing-cpp or apt-get install zbar-tools")
    run = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                         capture_output=True, text=True)
    if run.returncode not in (0, 4):  # 4: no code found
        raise RuntimeError(run.stderr)
    return [line for line in run.stdout.splitlines() if line]
