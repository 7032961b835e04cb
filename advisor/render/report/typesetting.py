"""WeasyPrint, set up once per process: what every report shares is prepared once.

- The report's stylesheet (report.css) is parsed and its selectors compiled once, then
  handed to every render as a ready `CSS` object, instead of being read again from a
  `<style>` element in each report (~20 ms a render).
- The `FontConfiguration` (Pango's font map, fontconfig's matches and the fonts' shaping
  caches) is kept per thread instead of being built afresh by every render: a warm render
  no longer finds and loads DejaVu again (~5 % of a report). One per thread, because a
  Pango font map must not be shared between threads
  (https://docs.gtk.org/Pango/class.FontMap.html, "not thread-safe").

https://doc.courtbouillon.org/weasyprint/stable/common_use_cases.html#improve-rendering-speed
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any

STYLESHEET = Path(__file__).resolve().parents[3] / "templates" / "reports" / "report.css"

_fonts = threading.local()


@functools.cache
def report_stylesheet() -> Any:
    """report.css as a parsed WeasyPrint stylesheet, for the whole process."""
    from weasyprint import CSS

    return CSS(string=STYLESHEET.read_text(encoding="utf-8"))


def font_config() -> Any:
    """This thread's WeasyPrint font configuration, made on first use."""
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


def write_pdf(html: str, *, base_url: str) -> bytes:
    """`html` (without report.css inside it) typeset with report.css as a PDF."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[report_stylesheet()], font_config=font_config()
    )
