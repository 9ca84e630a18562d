"""QR codes drawn on our own server as inline SVG (no external service sees the links)."""
from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


def qr_svg(data: str, label: str) -> Markup:
    """An accessible, scalable SVG QR code of ``data`` (size it with CSS)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    svg = image.to_string(encoding="unicode")
    # Drop the fixed millimetre size so CSS decides; keep the viewBox. Name it for screen readers.
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', '<svg class="qr" role="img"', svg, count=1)
    title = f"<title>{escape(label)}</title>"
    return Markup(svg.replace(">", ">" + title, 1))
