"""Small HTML inspection helpers for tests (standard library parser only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


@dataclass
class Control:
    """A form control found in a page."""

    tag: str
    attrs: dict[str, str | None]
    options: list[str] = field(default_factory=list)

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    @property
    def name(self) -> str | None:
        return self.attrs.get("name")

    @property
    def type(self) -> str:
        return (self.attrs.get("type") or self.tag).lower()


class PageParser(HTMLParser):
    """Collects form controls, label targets, fieldsets with their legends, and element ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controls: list[Control] = []
        self.label_targets: set[str] = set()
        self.fieldsets: list[dict] = []
        self.ids: list[str] = []
        self._select: Control | None = None
        self._open_fieldsets: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag in ("input", "textarea", "select"):
            control = Control(tag, attributes)
            self.controls.append(control)
            if tag == "select":
                self._select = control
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value") or "")
        elif tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        elif tag == "fieldset":
            record = {"id": attributes.get("id"), "legend": False}
            self.fieldsets.append(record)
            self._open_fieldsets.append(record)
        elif tag == "legend" and self._open_fieldsets:
            self._open_fieldsets[-1]["legend"] = True

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "fieldset" and self._open_fieldsets:
            self._open_fieldsets.pop()


def parse(html: str) -> PageParser:
    """The parsed page."""
    parser = PageParser()
    parser.feed(html)
    return parser


def visible_text(html: str) -> str:
    """The page's text without tags, entities decoded, whitespace collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(without_tags)).strip()
