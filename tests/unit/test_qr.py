"""What a poster's QR code holds: the page's address in ASCII only.

A QR code carries bytes, and a reader guesses their encoding (the standard's default is
ISO-8859-1; segno adds no ECI saying UTF-8): an address with Chinese in it (base_url
https://example.org/锦江/, or a domain such as 锦江社区.中国) may open as garbled text or a
broken link in WeChat's scanner and other readers. Percent-encoded (and punycode for the
domain), it is the same address as the browser requests, readable by every scanner.
"""

from __future__ import annotations

import io

import pytest
import segno
import zxingcpp
from PIL import Image

from generator.qr import qr_payload, qr_svg


@pytest.mark.parametrize("url, payload", [
    ("https://example.org/jinjiang/activities/2026-12-06-sheng-ri-hui/",
     "https://example.org/jinjiang/activities/2026-12-06-sheng-ri-hui/"),
    ("https://example.org/锦江/notices/2026-11-20-ting-shui/",
     "https://example.org/%E9%94%A6%E6%B1%9F/notices/2026-11-20-ting-shui/"),
    ("https://锦江社区.中国/activities/", "https://xn--dkrz89cp8io71a.xn--fiqs8s/activities/"),
    ("http://锦江社区.中国:8080/锦江/", "http://xn--dkrz89cp8io71a.xn--fiqs8s:8080/%E9%94%A6%E6%B1%9F/"),
    ("https://example.org/%E9%94%A6%E6%B1%9F/", "https://example.org/%E9%94%A6%E6%B1%9F/"),  # already encoded
])
def test_the_qr_code_holds_the_address_in_ascii(url, payload):
    assert qr_payload(url) == payload
    assert qr_svg(url) == qr_svg(payload)


def test_a_scanner_reads_the_chinese_address_as_the_browser_requests_it():
    buffer = io.BytesIO()
    segno.make(qr_payload("https://example.org/锦江/"), error="m", micro=False).save(buffer, kind="png", scale=8)
    buffer.seek(0)
    [found] = zxingcpp.read_barcodes(Image.open(buffer).convert("L"))
    assert found.text == "https://example.org/%E9%94%A6%E6%B1%9F/"
