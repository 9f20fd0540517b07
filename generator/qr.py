"""QR codes for posters and pages: inline, vector, sized by CSS.

A poster's QR code leads to its page on the site. It is drawn as an inline SVG (segno,
error correction level M, 4-module quiet zone on a white background so it still decodes on a
coloured poster). The SVG has no size of its own, only a ``viewBox``: its size comes from the
CSS class ``qr`` (see ``themes/default/posters/poster.css``), so one code serves an A4 and an A3
poster and the web page alike.
"""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """An inline ``<svg class="qr" viewBox=...>`` encoding ``url``; no XML declaration, no size."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.svg_inline(
        omitsize=True,  # viewBox only: CSS sets the size
        svgclass="qr",
        lineclass=None,
        dark="#000",
        light="#fff",  # quiet zone stays white on any background
        border=4,
    )
