"""CSV export of results that opens cleanly in a spreadsheet.

UTF-8 with a byte-order mark (so Excel detects the encoding of names such as
"Zoë" or "김민준"), CRLF line ends, every field quoted when needed, and cells
that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
carriage return) prefixed with an apostrophe: student names are untrusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text, defused if a spreadsheet would treat it as a formula."""
    if value is None:
        return ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """Render a header and rows as spreadsheet-safe CSV text (with a BOM)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()
