"""Read lesson YAML safely, keeping the line and column of every value.

PyYAML's ``safe_load`` is not enough for author-facing files: it accepts
duplicate keys (the last one silently wins), turns ``no`` into ``False`` and
``012`` into ``10``, and expands aliases without limit.  Here the C parser
composes a node tree (fast, and every node has a position) and we build plain
Python values from it ourselves:

* every scalar stays the author's text (``null``/``~``/empty become ``None``);
  pydantic then converts text to numbers or booleans only where the model
  asks for one, so ``answer: no`` is "no" in a choice question and ``False``
  in a true/false question;
* duplicate keys, non-text keys, anchors/aliases and absurd nesting are
  errors with positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .diagnostics import Diagnostic, Severity, format_path

try:  # the C loader is much faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the fallback has the same interface

MAX_DEPTH = 40
MAX_NODES = 200_000
NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class SourceDocument:
    """Plain data parsed from a lesson file, with positions for every path."""

    file: str
    data: object
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of ``path``, or of its nearest ancestor that has one."""
        table = self.key_positions if key else self.positions
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if not key and path in self.key_positions:
                return self.key_positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def diagnostic(
        self,
        path: tuple,
        message: str,
        *,
        hint: str | None = None,
        key: bool = False,
        severity: Severity = "error",
        code: str = "",
    ) -> Diagnostic:
        """Build a diagnostic positioned at ``path``."""
        line, column = self.position(path, key=key)
        return Diagnostic(self.file, line, column, message, format_path(path), severity, hint, code)


class _Builder:
    """Turns a composed node tree into plain values, recording positions and problems."""

    def __init__(self, file: str):
        self.doc = SourceDocument(file, None)
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.count = 0

    def problem(self, mark, path, message, hint=None, code=""):
        self.problems.append(
            Diagnostic(self.doc.file, mark.line + 1, mark.column + 1, message, format_path(path), "error", hint, code)
        )

    def build(self, node, path: tuple, depth: int = 0):
        if id(node) in self.seen:
            # Composed trees share a node only through an alias (*name); walking on could explode.
            raise _AliasFound()
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise _Abort(node.start_mark, path, f"the file has more than {MAX_NODES} values; a lesson is far smaller")
        if depth > MAX_DEPTH:
            raise _Abort(node.start_mark, path, f"values are nested more than {MAX_DEPTH} levels deep")
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in NULLS:  # the C parser marks plain scalars with ''
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(
                    key_node.start_mark,
                    path,
                    "a key must be plain text",
                    "remove the brackets or braces around the key",
                )
                continue
            key = key_node.value
            if key == "<<":
                self.problem(
                    key_node.start_mark,
                    path,
                    "merge keys (<<) are not allowed in lessons",
                    "write the keys out in full",
                    "alias",
                )
                continue
            if key in result:
                first_line, _ = self.doc.key_positions[(*path, key)]
                self.problem(
                    key_node.start_mark,
                    (*path, key),
                    f"duplicate key '{key}' (first given on line {first_line})",
                    "remove one of them; YAML would silently keep only the last",
                    "duplicate-key",
                )
                continue
            self.doc.key_positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


class _AliasFound(Exception):
    pass


class _Abort(Exception):
    def __init__(self, mark, path, message):
        self.mark, self.path, self.message = mark, path, message


def parse_yaml(text: str, file: str) -> tuple[SourceDocument, list[Diagnostic]]:
    """Parse one YAML document into plain data with positions; return it with any problems found."""
    builder = _Builder(file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return builder.doc, [_syntax_diagnostic(exc, file, text)]
    except yaml.YAMLError as exc:  # unmarked errors are rare (e.g. reader errors)
        return builder.doc, [Diagnostic(file, 1, 1, f"YAML error: {exc}", code="syntax")]
    except RecursionError:
        return builder.doc, [
            Diagnostic(file, 1, 1, f"values are nested more than {MAX_DEPTH} levels deep", code="depth")
        ]
    if node is None:
        return builder.doc, [
            Diagnostic(
                file,
                1,
                1,
                "the file is empty",
                hint="start from `quizgen new SLUG`, which writes a commented starter lesson",
                code="empty",
            )
        ]
    try:
        builder.doc.data = builder.build(node, ())
    except _Abort as abort:
        builder.problem(abort.mark, abort.path, abort.message, code="size")
    except _AliasFound:
        builder.doc.data = None
        builder.problems.append(_alias_diagnostic(text, file))
    return builder.doc, builder.problems


def _alias_diagnostic(text: str, file: str) -> Diagnostic:
    """Point at the first alias; the composed tree only knows where anchors are."""
    aliases = [token for token in yaml.scan(text, Loader=_Loader) if isinstance(token, yaml.AliasToken)]
    first = aliases[0].start_mark
    more = f" (and {len(aliases) - 1} more)" if len(aliases) > 1 else ""
    return Diagnostic(
        file,
        first.line + 1,
        first.column + 1,
        f"aliases (*{aliases[0].value}) are not allowed in lessons{more}",
        "",
        "error",
        "write the repeated value out in full instead of using &anchor and *alias",
        "alias",
    )


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, file: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if "another document" in problem:
        return Diagnostic(
            file,
            line,
            column,
            "a lesson file holds one YAML document",
            "",
            "error",
            "remove the '---' separator and everything after it, or move it to its own file",
            "syntax",
        )
    hint = None
    lines = text.splitlines()
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    unchecked = f"; nothing from line {line} on was checked" if line < len(lines) else ""
    from .indentation import explain  # syntax errors only: a well-formed file never imports it

    explained = None if "\t" in offending[: column + 1] else explain(text, problem, line, column)
    if explained is not None:
        message, hint = explained
        return Diagnostic(
            file,
            line,
            column,
            f"indentation: {message}{unchecked}",
            "",
            "error",
            hint + f'\n    line {line}: "{offending}"',
            "syntax",
        )
    if "\t" in offending[: column + 1] or "\\t" in problem:
        problem, hint = "a tab character is used for indentation", "indent with spaces only (YAML forbids tabs)"
    elif "found character that cannot start any token" in problem:
        hint = "if this is text, put it in quotes"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, e.g. text: \"Note: ...\""
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = "check the indentation of this line and the one above it"
    context = f" ({exc.context})" if exc.context else ""
    if exc.context_mark is not None and exc.problem_mark is not None and exc.context_mark.line != exc.problem_mark.line:
        context = (
            f" ({exc.context} that starts on line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        )
    return Diagnostic(
        file, line, column, f"YAML syntax error: {problem}{context}{unchecked}", "", "error", hint, "syntax"
    )
