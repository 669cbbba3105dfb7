"""A folder of lessons, loaded once and reloaded when a file changes."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .loader import check_lesson_bytes
from .model import Lesson, Question


@dataclass(frozen=True)
class LessonEntry:
    """A loaded lesson with the file it came from, a hash of its content and its item bank.

    An entry stands for one content of its file: an edited file gets a new
    entry with a new hash, so the bank kept here is never stale (unlike a
    bank kept on the lesson model, which ``model_copy`` would carry over).
    """

    lesson: Lesson
    path: Path
    content_hash: str
    bank: tuple[Question, ...]
    """Hand-written questions, then generated ones (:func:`quizgen.generators.item_bank`)."""


class LessonLibrary:
    """The lessons of one folder, by lesson id.

    Files with errors are left out (and listed in :attr:`problems`) so one
    broken lesson never takes the others down.  Files are re-read only when
    their modification time or size changes.
    """

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._stamps: dict[Path, tuple[int, int]] = {}
        self._by_path: dict[Path, LessonEntry | None] = {}
        self.problems: dict[Path, list[Diagnostic]] = {}

    def entries(self) -> list[LessonEntry]:
        """Every usable lesson, sorted by title."""
        self._refresh()
        found = [entry for entry in self._by_path.values() if entry is not None]
        return sorted(found, key=lambda entry: (entry.lesson.title.casefold(), entry.lesson.id))

    def get(self, lesson_id: str) -> LessonEntry | None:
        """The lesson with this id, or ``None``."""
        for entry in self.entries():
            if entry.lesson.id == lesson_id:
                return entry
        return None

    def _refresh(self) -> None:
        with self._lock:
            paths = sorted(self.directory.glob("*.yaml")) + sorted(self.directory.glob("*.yml"))
            current = set(paths)
            for gone in set(self._by_path) - current:
                self._by_path.pop(gone, None)
                self._stamps.pop(gone, None)
                self.problems.pop(gone, None)
            for path in paths:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                stamp = (stat.st_mtime_ns, stat.st_size)
                if self._stamps.get(path) == stamp:
                    continue
                self._stamps[path] = stamp
                self._by_path[path] = self._load(path)

    def _load(self, path: Path) -> LessonEntry | None:
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        result = check_lesson_bytes(raw, str(path))
        self.problems[path] = result.errors
        if result.lesson is None or result.bank is None:  # the bank is None exactly when the lesson is
            return None
        known = {entry.lesson.id for p, entry in self._by_path.items() if entry is not None and p != path}
        if result.lesson.id in known:
            self.problems[path] = [
                Diagnostic(str(path), 1, 1, f"another file already has lesson id '{result.lesson.id}'")
            ]
            return None
        return LessonEntry(result.lesson, path, hashlib.sha256(raw).hexdigest()[:16], tuple(result.bank))
