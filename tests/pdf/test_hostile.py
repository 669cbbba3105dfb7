"""A lesson (and raw HTML) trying to make the renderer read files or call the network.

A local HTTP server counts every request it gets; nothing may reach it, no
file's content may appear in the PDF, and the PDF may embed no file.
"""

from __future__ import annotations

import base64
import http.server
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

import quizgen.pdf
from quizgen.loader import load_lesson
from quizgen.print_fetcher import RefusedURL, SafeURLFetcher
from quizgen.quiz import build_quiz

from ..helpers.pdf import pdf_text

SECRET_FILES = [Path("/etc/passwd"), Path("/etc/hostname")]
# A file of this checkout outside the folders the renderer may read, named from inside one of them.
READABLE = quizgen.pdf.allowed_roots()[0]
DOT_DOT_ESCAPE = f"{READABLE.as_uri()}/{os.path.relpath(quizgen.pdf.__file__, READABLE)}"


@pytest.fixture(scope="module")
def server():
    """An HTTP server on 127.0.0.1 that records every request path."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = b"body { background: red }" if self.path.endswith(".css") else b"GIF89a"
            self.send_response(200)
            self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "image/gif")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


def hostile_html(base: str) -> str:
    """Every way we know for HTML and CSS to make WeasyPrint fetch something."""
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='10' height='10'>"
        f"<image href='{base}/svg-in-data.png' width='10' height='10'/>"
        f"<image xlink:href='file:///etc/passwd' width='10' height='10'/></svg>"
    )
    svg_data = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    big_data = "data:image/png;base64," + "A" * (400 * 1024)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>hostile</title>
<base href="{base}/base/">
<link rel="stylesheet" href="{base}/remote.css">
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="attachment" href="file:///etc/hostname" title="hostname">
<link rel="attachment" href="print.css" title="an allowed file is still not embedded">
<style>
@import url("{base}/import.css");
@import "file:///etc/passwd";
@font-face {{ font-family: Evil; src: url(file:///dev/urandom); }}
@font-face {{ font-family: Evil2; src: url({base}/font.woff); }}
body {{ background-image: url({base}/background.png); font-family: Evil, Evil2, sans-serif; }}
h1::before {{ content: url({base}/before.png); }}
ul {{ list-style-image: url(file:///etc/passwd); }}
</style>
<script src="{base}/script.js"></script>
<script>document.write("script ran")</script>
</head><body>
<h1>Hostile document</h1>
<img src="{base}/img.png" alt="img">
<img src="relative.png" alt="relative to the remote base">
<img src="file:///etc/passwd" alt="passwd">
<img src="{DOT_DOT_ESCAPE}" alt="dot-dot escape">
<img src="{svg_data}" alt="svg with remote image">
<img src="{big_data}" alt="oversized data URL">
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><image href="{base}/inline-svg.png" width="20" height="20"/></svg>
<object data="{base}/object.svg" type="image/svg+xml">object</object>
<object data="file:///etc/passwd">object</object>
<embed src="{base}/embed.svg" type="image/svg+xml">
<embed src="file:///etc/hostname">
<iframe src="{base}/iframe.html"></iframe>
<video poster="{base}/poster.png"></video>
<a rel="attachment" href="file:///etc/passwd">attached passwd</a>
<a rel="attachment" href="{base}/attachment.bin">attached remote</a>
<ul><li>list item</li></ul>
<p style="background: url({base}/inline-style.png)">styled</p>
</body></html>"""


def hostile_lesson_yaml(base: str) -> str:
    """A lesson whose every free-text field carries raw HTML and Markdown aimed at the renderer."""
    html = (
        f"<img src='{base}/lesson-img.png'> <img src='file:///etc/passwd'> "
        f"<link rel='stylesheet' href='{base}/lesson.css'> <script>alert(1)</script> "
        f"<link rel='attachment' href='file:///etc/hostname'> <style>@import url({base}/lesson-import.css);"
        f" @font-face {{ font-family: X; src: url(file:///dev/urandom) }}</style> "
        f"<svg><image href='{base}/lesson-svg.png'/></svg> <object data='{base}/lesson-object'></object>"
        f" <embed src='{base}/lesson-embed'>"
    )
    markdown = f"![remote]({base}/md-image.png) ![local](file:///etc/passwd) [link](file:///etc/passwd)"
    quoted = html.replace("\\", "\\\\").replace('"', '\\"')
    # Titles, headings and options are at most 400 characters.
    short = (
        f"<img src='{base}/short.png'><link rel='attachment' href='file:///etc/hostname'>"
        f"<object data='file:///etc/passwd'></object><script>x</script>"
    ).replace('"', '\\"')
    return f"""
id: hostile
title: "Hostile {short}"
level: Grades 6-8
language: en
estimated_minutes: 5
objectives:
  - id: obj
    text: "Stay safe {quoted}"
source:
  headline: "Headline {short}"
  outlet: Outlet
  url: "{base}/source-url"
paragraphs:
  - id: p1
    heading: "Heading {short}"
    text: "The harbour is calm today. {quoted} {markdown}"
questions:
  - id: q1
    type: single_choice
    stem: "Is the harbour calm? {quoted}"
    options: ["Yes {short}", "No"]
    answer: "Yes {short}"
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
    explanation: "Explained {quoted}"
  - id: q2
    type: short_answer
    stem: "What is calm? {markdown}"
    accepted: [harbour]
    paragraph: p1
    evidence: The harbour is calm today.
    topic: comprehension
"""


def _secrets_absent(text: str) -> None:
    for path in SECRET_FILES:
        try:
            content = path.read_text()
        except OSError:
            continue
        for line in content.splitlines():
            if len(line.strip()) >= 6:  # e.g. "root:x:0:0:root:/root:/bin/bash", the host name
                assert line.strip() not in text, path
    assert "root:x:0:0" not in text


def _embedded_files(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdfdetach") is None:
        pytest.fail("pdfdetach is missing: scripts/bootstrap --test installs poppler-utils")
    target = tmp_path / "out.pdf"
    target.write_bytes(data)
    return subprocess.run(
        ["pdfdetach", "-list", str(target)], check=True, capture_output=True, text=True, timeout=30
    ).stdout


def test_hostile_html_reaches_nothing(server, tmp_path):
    from quizgen.pdf import allowed_roots, render_html

    base, hits = server
    fetcher = SafeURLFetcher(allowed_roots("hostile"))
    started = time.perf_counter()
    data = render_html(hostile_html(base), lesson_id="hostile", fetcher=fetcher)
    elapsed = time.perf_counter() - started
    assert elapsed < 10
    assert hits == []
    text = pdf_text(data)
    assert "Hostile document" in text  # it did render
    assert "script ran" not in text
    _secrets_absent(text)
    assert data.count(b"GIF89a") == 0
    listing = _embedded_files(data, tmp_path)
    assert listing.strip().startswith("0 embedded files"), listing
    # The fetcher itself was asked, and said no, for every kind of resource.
    refused = "\n".join(fetcher.refused)
    for fragment in (
        "/remote.css",
        "/import.css",
        "/font.woff",
        "/background.png",
        "/before.png",
        "/img.png",
        "/base/relative.png",
        "/inline-svg.png",
        "/svg-in-data.png",
        "/object.svg",
        "/embed.svg",
        "/inline-style.png",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file:///dev/urandom",
        DOT_DOT_ESCAPE,
        "data:image/png;base64,AAAA",
    ):
        assert fragment in refused, fragment


def test_hostile_lesson_renders_safely(server, tmp_path):
    from quizgen.pdf import render_class_set, render_worksheet

    base, hits = server
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_lesson_yaml(base), encoding="utf-8")
    lesson = load_lesson(path)
    started = time.perf_counter()
    documents = [
        render_worksheet(lesson, build_quiz(lesson, 1)),
        render_worksheet(lesson, build_quiz(lesson, 1), key=True),
        render_class_set(lesson, 1, 2, keys="full"),
    ]
    assert time.perf_counter() - started < 10
    assert hits == []
    for data in documents:
        text = pdf_text(data)
        assert "harbour is calm" in text
        _secrets_absent(text)
        assert _embedded_files(data, tmp_path).strip().startswith("0 embedded files")
    # Raw HTML in a lesson is printed as the text it is, never interpreted.
    assert "<script>alert(1)</script>" in pdf_text(documents[0])


def test_fetcher_serves_only_allowed_files(tmp_path):
    allowed = tmp_path / "static"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p { color: red }")
    (allowed / "sub").mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (allowed / "link-out.txt").symlink_to(outside)
    (allowed / "dir-link").symlink_to(tmp_path)
    fetcher = SafeURLFetcher([allowed])

    response = fetcher.fetch((allowed / "ok.css").as_uri())
    assert response.read() == b"p { color: red }"
    assert response.content_type == "text/css"
    for url in [
        outside.as_uri(),
        (allowed / "link-out.txt").as_uri(),
        (allowed / "dir-link" / "secret.txt").as_uri(),
        f"file://{allowed}/../secret.txt",
        f"file://{allowed}/%2E%2E/secret.txt",
        (allowed / "sub").as_uri(),
        (allowed / "missing.css").as_uri(),
        f"file://evil.example{allowed}/ok.css",
        "file:///dev/urandom",
        "http://127.0.0.1:1/",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "gopher://x/",
        "javascript:alert(1)",
        "data:text/plain;base64," + "A" * (400 * 1024),
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 15


def test_fetcher_decodes_small_data_urls():
    fetcher = SafeURLFetcher([])
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    response = fetcher.fetch("data:image/svg+xml;charset=utf-8,%3Csvg%2F%3E")
    assert response.read() == b"<svg/>"
    assert response.content_type == "image/svg+xml"


def test_pdf_links_carry_no_server_path_only_web_addresses():
    from io import BytesIO

    from pypdf import PdfReader

    html = (
        '<p><a href="notes.html">relative</a> <a href="/etc/passwd">absolute path</a> '
        '<a href="file:///etc/hostname">file</a> <a href="https://news.example/article">web</a> '
        '<a id="here" href="#here">in the document</a></p>'
    )
    reader = PdfReader(BytesIO(quizgen.pdf.render_html(html)))
    targets = [
        annotation.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    ]
    uris = [target for target in targets if target]
    assert uris == ["https://news.example/article"]
    assert str(quizgen.pdf.STATIC_DIR) not in reader.stream.getvalue().decode("latin-1")
