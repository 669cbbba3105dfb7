"""The browser tests' shared parts: Debian's chromium, a live server, answering through the page, axe-core.

axe-core is the copy axe-playwright-python bundles (one source, installed
with the test extra).
"""

from __future__ import annotations

import threading
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from quizgen.quiz import Quiz

from .answers import form_data

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
SERIOUS = ("serious", "critical")


def serve(app):
    """Serve ``app`` on a threaded werkzeug server on a free 127.0.0.1 port (sets ``app.base_url``) until resumed."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.base_url = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["quizgen.database"].engine.dispose()


def answer_in_browser(page, quiz: Quiz, mode: str = "right") -> None:
    """Answer with the page's own inputs, the way a student would: what :func:`form_data` would send."""
    answers = form_data(quiz, mode)
    kinds = page.evaluate("names => names.map(name => document.getElementsByName(name)[0].type)", list(answers))
    for (name, value), kind in zip(answers.items(), kinds, strict=True):
        for one in value if isinstance(value, list) else [value]:
            if kind in ("radio", "checkbox"):
                page.check(f'[name="{name}"][value="{one}"]')
            elif kind.startswith("select"):
                page.select_option(f'[name="{name}"]', one)
            else:
                page.fill(f'[name="{name}"]', one)


def serious_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the current page, as readable lines."""
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]} {[n.get('failureSummary') for n in v['nodes']][:1]}"
        for v in violations
        if v["impact"] in SERIOUS
    ]
