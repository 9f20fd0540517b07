"""QR codes for posters and pages: inline, vector, sized by CSS.

A poster's QR code leads to its page on the site. It is drawn as an inline SVG (segno,
error correction level M, 4-module quiet zone on a white background so it still decodes on a
coloured poster). The SVG has no size of its own, only a ``viewBox``: its size comes from the
CSS class ``qr`` (see ``themes/default/posters/poster.css``), so one code serves an A4 and an A3
poster and the web page alike.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

import segno

# What a URL may hold as it is; "%" too, so an address already percent-encoded stays as it is.
_URL_SAFE = "/:@!$&'()*+,;=-._~%"


def qr_payload(url: str) -> str:
    """``url`` as the QR code holds it: ASCII only, the address the browser itself requests.

    A QR code holds bytes and its reader guesses their encoding (ISO-8859-1 by the standard;
    segno writes no ECI saying UTF-8), so a base_url with Chinese in it (``/锦江/``, a domain
    such as ``锦江社区.中国``) could open as garbled text or a broken link in WeChat's scanner.
    Percent-encoding (punycode for the domain) reads the same in every scanner."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host, colon, port = parts.netloc.rpartition(":")
    if not (colon and port.isdigit()):
        host, colon, port = parts.netloc, "", ""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:  # not a name IDNA can write (a label too long): the browser says so
            pass
    return urlunsplit((parts.scheme, host + colon + port, quote(parts.path, safe=_URL_SAFE),
                       quote(parts.query, safe=_URL_SAFE + "?"), quote(parts.fragment, safe=_URL_SAFE + "?#")))


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """An inline ``<svg class="qr" viewBox=...>`` encoding ``url`` (as :func:`qr_payload`); no
    XML declaration, no size."""
    code = segno.make(qr_payload(url), error="m", micro=False, boost_error=False)
    return code.svg_inline(
        omitsize=True,  # viewBox only: CSS sets the size
        svgclass="qr",
        lineclass=None,
        dark="#000",
        light="#fff",  # quiet zone stays white on any background
        border=4,
    )
