"""Writing the draft as lesson YAML: comments for the author, values that read back exactly as given.

Each value is written in the plainest YAML form that reads back as the same
string (checked by parsing it), so a quote copied from the article stays
verbatim whatever characters it holds.
"""

from __future__ import annotations

import json
import re
import textwrap

import yaml

_PLAIN = re.compile(r"^[A-Za-z0-9\u00c0-\uffff(][^\n\t]*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _reads_back(text: str, value: str) -> bool:
    try:
        return yaml.load("key: " + text, Loader=_LOADER) == {"key": value}
    except yaml.YAMLError:
        return False


def scalar(value: str, indent: int, width: int = 100) -> str:
    """``value`` as a YAML scalar for a key at ``indent`` spaces: plain, folded (``>-``) or double-quoted."""
    plain = len(value) + indent < width and _PLAIN.match(value) and ": " not in value and " #" not in value
    if plain and _reads_back(value, value):
        return value
    if len(value) + indent >= width and "  " not in value and value == value.strip():
        pad = " " * (indent + 2)
        lines = textwrap.wrap(value, width=width - indent - 2, break_long_words=False, break_on_hyphens=False)
        folded = ">-\n" + "\n".join(pad + line for line in lines)
        if _reads_back(folded, value):
            return folded
    return json.dumps(value, ensure_ascii=False)


class YamlWriter:
    """Lines of a YAML document, built key by key with comments in between."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, text: str, indent: int = 0) -> None:
        """A comment line (long comments wrap)."""
        for line in textwrap.wrap(text, width=110 - indent) or [""]:
            self.lines.append(" " * indent + "# " + line if line else " " * indent + "#")

    def blank(self) -> None:
        """An empty line between sections."""
        self.lines.append("")

    def key(self, name: str, value: str | int | None = None, indent: int = 0, item: bool = False) -> None:
        """``name: value`` (or ``- name: value`` when it starts a list item); no value opens a mapping or list."""
        prefix = " " * indent + ("- " if item else "")
        inner = indent + (2 if item else 0)
        if value is None:
            self.lines.append(f"{prefix}{name}:")
        elif isinstance(value, int):
            self.lines.append(f"{prefix}{name}: {value}")
        else:
            self.lines.append(f"{prefix}{name}: {scalar(value, inner)}")

    def flow_list(self, name: str, values: list[str], indent: int = 0) -> None:
        """``name: [a, b]`` with each entry quoted as JSON."""
        self.lines.append(
            " " * indent + f"{name}: [" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"
        )

    def raw(self, line: str) -> None:
        """A line as it is."""
        self.lines.append(line)

    def text(self) -> str:
        """The document."""
        return "\n".join(self.lines).rstrip() + "\n"
