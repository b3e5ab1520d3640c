"""A response link as a QR code (inline SVG, no network) on the printable sheet."""

import segno
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def qr_svg(url: str) -> str:
    # segno writes the SVG itself from the URL: nothing of the user's input is left unescaped.
    return mark_safe(segno.make(str(url), error="m").svg_inline(scale=3, border=2))
