"""The usable part of a broken lesson, so its items are checked too.

A key typo in one claim must not hide that a question's answer is not among
its options: an author fixes every problem in one pass only when every check
runs on every part that parsed.  :func:`usable_part` drops what is broken —
the list entries pydantic rejected, entries that refer to something missing,
later duplicates of an id — fills broken required top-level values with
placeholders, and builds a :class:`~quizgen.model.Lesson` from the rest.  It
also returns a copy of the source document whose positions follow the
entries that were kept, so a finding about the third kept question points at
the line of the question it came from.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from pydantic import ValidationError

from .model import Lesson
from .yamlsource import SourceDocument

LIST_SECTIONS = ("objectives", "paragraphs", "glossary", "actors", "claims", "timeline", "blanks", "questions")
# Where a broken required value is replaced so the rest can be checked; never shown to anyone.
_PLACEHOLDERS: dict[str, object] = {
    "id": "lesson",
    "title": "Lesson",
    "level": "any",
    "language": "en",
    "estimated_minutes": 1,
    "objectives": [{"id": "objective", "text": "objective"}],
    "source": {"headline": "source", "outlet": "source"},
}
_ATTEMPTS = 4


def usable_part(doc: SourceDocument, error_paths: Iterable[tuple]) -> tuple[Lesson, SourceDocument] | None:
    """The lesson made of every entry that is not broken, and ``doc`` re-indexed to match; ``None`` if nothing is."""
    if not isinstance(doc.data, dict):
        return None
    data = copy.deepcopy(doc.data)
    kept = {
        section: list(range(len(data[section]))) for section in LIST_SECTIONS if isinstance(data.get(section), list)
    }
    paths = list(error_paths)
    for _ in range(_ATTEMPTS):
        for path in paths:
            if not _drop(data, kept, path):
                return None
        _drop_dangling(data, kept)
        try:
            lesson = Lesson.model_validate(data)
        except ValidationError as exc:
            paths = [data_path(data, error["loc"]) for error in exc.errors(include_url=False)]
            continue
        except RecursionError:
            return None
        return lesson, _reindexed(doc, kept)
    return None


def _drop(data: dict, kept: dict[str, list[int]], path: tuple) -> bool:
    """Remove the part of ``data`` that ``path`` points into; False when the lesson cannot do without it."""
    if not path:
        return False
    top = path[0]
    if top in kept and len(path) >= 2 and isinstance(path[1], int):
        entries = data[top]
        if path[1] < len(entries) and entries[path[1]] is not None:
            entries[path[1]] = None  # removed in _compact, so the indexes of the other errors still hold
        return True
    if top == "paragraphs":
        return False  # without its passage there is nothing to check items against
    if top in ("generators", "blueprint") and len(path) >= 2 and isinstance(data.get(top), dict):
        data[top].pop(path[1], None)
        return True
    if top in _PLACEHOLDERS:
        data[top] = copy.deepcopy(_PLACEHOLDERS[top])
        kept.pop(top, None)
        return True
    data.pop(top, None)
    kept.pop(top, None)
    return True


def _drop_dangling(data: dict, kept: dict[str, list[int]]) -> None:
    """Drop removed entries, later duplicates of an id, and entries that refer to an id that is not there."""
    for section in list(kept):
        entries, indexes, seen = [], [], set()
        for entry, index in zip(data[section], kept[section], strict=True):
            if not isinstance(entry, dict):
                continue
            entry_id = entry.get("id")
            if isinstance(entry_id, str) and entry_id in seen:
                continue
            seen.add(entry_id)
            entries.append(entry)
            indexes.append(index)
        data[section], kept[section] = entries, indexes
    ids = {section: {entry.get("id") for entry in data.get(section) or []} for section in kept}
    paragraphs, actors, objectives = (
        ids.get("paragraphs", set()),
        ids.get("actors", set()),
        ids.get("objectives", set()),
    )

    def keep(section: str, entry: dict) -> bool:
        if section in ("glossary", "claims", "timeline", "blanks", "questions") and entry.get("paragraph") not in (
            paragraphs
        ):
            return False
        return not (section == "claims" and entry.get("asserted_by") not in actors)

    for section in list(kept):
        pairs = [(e, i) for e, i in zip(data[section], kept[section], strict=True) if keep(section, e)]
        data[section], kept[section] = [e for e, _ in pairs], [i for _, i in pairs]
    for entry in data.get("actors") or []:
        if isinstance(entry.get("actions"), list):
            entry["actions"] = [a for a in entry["actions"] if isinstance(a, dict) and a.get("paragraph") in paragraphs]
        if entry.get("part_of") not in actors:
            entry.pop("part_of", None)
    for entry in data.get("questions") or []:
        if entry.get("objective") not in objectives:
            entry.pop("objective", None)
        if isinstance(entry.get("also_cites"), list):
            entry["also_cites"] = [
                c for c in entry["also_cites"] if isinstance(c, dict) and c.get("paragraph") in paragraphs
            ]
    generators = data.get("generators")
    for settings in generators.values() if isinstance(generators, dict) else ():
        if isinstance(settings, dict) and settings.get("objective") not in objectives:
            settings.pop("objective", None)
    blueprint = data.get("blueprint")
    if isinstance(blueprint, dict) and isinstance(blueprint.get("objectives"), dict):
        blueprint["objectives"] = {key: value for key, value in blueprint["objectives"].items() if key in objectives}


def data_path(data, loc: tuple) -> tuple:
    """A pydantic error location as a path into ``data``, without the question-type names pydantic inserts.

    ``questions.3.single_choice.options`` becomes ``questions.3.options``.
    """
    path, current = [], data
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part not in current and current.get("type") == part:
            continue
        path.append(part)
        current = (
            current.get(part)
            if isinstance(current, dict)
            else current[part]
            if isinstance(current, list) and isinstance(part, int) and part < len(current)
            else None
        )
    return tuple(path)


def _reindexed(doc: SourceDocument, kept: dict[str, list[int]]) -> SourceDocument:
    """``doc``'s positions under the kept entries' new indexes."""
    new_index = {section: {old: new for new, old in enumerate(indexes)} for section, indexes in kept.items()}

    def moved(table: dict[tuple, tuple[int, int]]) -> dict[tuple, tuple[int, int]]:
        result = {}
        for path, position in table.items():
            if len(path) >= 2 and path[0] in new_index and isinstance(path[1], int):
                index = new_index[path[0]].get(path[1])
                if index is None:
                    continue
                path = (path[0], index, *path[2:])
            result[path] = position
        return result

    return SourceDocument(doc.file, doc.data, moved(doc.positions), moved(doc.key_positions))
