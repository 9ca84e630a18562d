"""QR codes drawn on our own server as inline SVG (no external service sees the links)."""
from __future__ import annotations

import re
from functools import lru_cache

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


def qr_svg(data: str, label: str) -> Markup:
    """An accessible, scalable SVG QR code of ``data`` (size it with CSS)."""
    title = f"<title>{escape(label)}</title>"
    return Markup(_drawn(data).replace(">", ">" + title, 1))


@lru_cache(maxsize=256)
def _drawn(data: str) -> str:
    """The QR code's SVG, drawn once per link: a code takes tens of milliseconds, and the capture page
    shows one for each table (a second and a half for 24 tables, on every visit)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    svg = image.to_string(encoding="unicode")
    # Drop the fixed millimetre size so CSS decides; keep the viewBox. Name it for screen readers.
    return re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg class="qr" role="img"', svg, count=1)
