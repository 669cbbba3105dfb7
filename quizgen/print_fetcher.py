"""The only way WeasyPrint may read anything while rendering a PDF.

:class:`SafeURLFetcher` serves ``file:`` URLs that resolve (symlinks
followed) to a regular file inside one of a few allowed folders -- the
package's ``static/`` folder and the lesson's own asset folder -- and small
``data:`` URLs.  Everything else (http, https, ftp, other files, devices,
``..`` escapes, symlinks pointing out, oversized data) raises
:class:`RefusedURL`, which WeasyPrint logs before skipping the resource.  It
never falls back to WeasyPrint's own fetcher, so no network request is made.

WeasyPrint routes every external resource through the fetcher given to
``HTML``/``CSS``: ``<img>``, ``<link>`` (stylesheet and ``rel=attachment``),
``<object>``/``<embed>``, CSS ``url()``, ``@import``, ``@font-face`` and
SVG ``<image>``/``<use>``.  WeasyPrint >= 70 is required: earlier versions
let HTTP redirects bypass a custom fetcher.
"""

from __future__ import annotations

import base64
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

if int(weasyprint.__version__.split(".")[0]) < 70:  # pragma: no cover
    raise ImportError(
        f"quizgen needs WeasyPrint 70 or later (found {weasyprint.__version__}): "
        "earlier versions let HTTP redirects bypass a custom URL fetcher"
    )

DATA_URL_LIMIT = 256 * 1024
"""Largest decoded ``data:`` URL accepted (bytes)."""
FILE_LIMIT = 16 * 1024 * 1024
"""Largest file served from an allowed folder (bytes)."""


class RefusedURL(ValueError):
    """The renderer asked for a resource outside what a worksheet may use."""


class SafeURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher limited to files under ``roots`` and small ``data:`` URLs.

    ``refused`` lists every URL turned down (useful in tests and logs).
    """

    def __init__(self, roots, *, data_limit: int = DATA_URL_LIMIT, file_limit: int = FILE_LIMIT):
        # No redirects and only local schemes, in case anything reached the base class.
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.data_limit = data_limit
        self.file_limit = file_limit
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """Return the resource at ``url`` or raise :class:`RefusedURL`."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url)
        self._refuse(url, "only files from quizgen's static folder or the lesson's assets may be used")

    def _refuse(self, url: str, why: str):
        with self._lock:
            self.refused.append(url)
        shown = url if len(url) <= 120 else url[:117] + "..."
        raise RefusedURL(f"refused {shown}: {why}")

    def _data(self, url: str) -> URLFetcherResponse:
        # Base64 grows data by 4/3: refuse before decoding anything big.
        if len(url) > self.data_limit * 4 // 3 + 1024:
            self._refuse(url, f"data URL larger than {self.data_limit // 1024} KB")
        header, _, payload = url[5:].partition(",")
        params = header.split(";")
        mime_type = params[0].strip() or "text/plain"
        try:
            if "base64" in (p.strip().lower() for p in params[1:]):
                body = base64.b64decode(unquote_to_bytes(payload), validate=False)
            else:
                body = unquote_to_bytes(payload)
        except ValueError:
            self._refuse(url, "malformed data URL")
        if len(body) > self.data_limit:
            self._refuse(url, f"data URL larger than {self.data_limit // 1024} KB")
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "file URLs on other hosts are not allowed")
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            self._refuse(url, "no such file")
        if not any(path.is_relative_to(root) for root in self.roots):
            self._refuse(url, "outside the allowed folders")
        if not path.is_file():
            self._refuse(url, "not a regular file")
        with path.open("rb") as handle:
            body = handle.read(self.file_limit + 1)
        if len(body) > self.file_limit:
            self._refuse(url, f"file larger than {self.file_limit // (1024 * 1024)} MB")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": mime_type})
