"""A folder of lessons, loaded once and reloaded when a file changes."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .loader import LessonFileError, check_lesson_bytes, duplicate_lesson_id, read_lesson_file
from .model import Lesson, Question

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class IdConflict:
    """A lesson file left out because another file already serves its lesson id."""

    path: Path
    lesson_id: str
    serving: Path


@dataclass
class _File:
    stamp: tuple[int, int]
    entry: LessonEntry | None
    problems: list[Diagnostic]
    seen: int  # when this library first saw the file: the earlier of two files with one id keeps serving it


class LessonLibrary:
    """The lessons of one folder, by lesson id.

    Files with errors are left out (and listed in :attr:`problems`) so one
    broken lesson never takes the others down.  Files are re-read only when
    their modification time or size changes, always through the loader's
    capped reader (:func:`quizgen.loader.read_lesson_file`).

    Two files with one lesson id never swap silently: the file that has been
    serving the id keeps it while both exist, the other is listed in
    :attr:`problems` (and logged) naming both files.  At start-up the file
    that was there first (older modification time, then name) counts as
    first seen.  When the serving file goes away, the other takes over.
    """

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._files: dict[Path, _File] = {}
        self._serving: dict[str, Path] = {}
        self._seen = 0
        self._conflicts: list[IdConflict] = []
        self._problems: dict[Path, list[Diagnostic]] = {}

    @property
    def problems(self) -> dict[Path, list[Diagnostic]]:
        """Every file's problems (files with errors are left out), as the folder is now."""
        with self._lock:
            self._refresh()
            return self._problems

    def entries(self) -> list[LessonEntry]:
        """Every usable lesson, sorted by title."""
        with self._lock:
            self._refresh()
            found = [entry for path in self._serving.values() if (entry := self._files[path].entry) is not None]
        return sorted(found, key=lambda entry: (entry.lesson.title.casefold(), entry.lesson.id))

    def get(self, lesson_id: str) -> LessonEntry | None:
        """The lesson with this id, or ``None``.

        While the file serving the id is unchanged, nothing else in the
        folder can change which file serves it (the first seen keeps it), so
        one ``stat`` of that file answers; otherwise the folder is read again.
        """
        with self._lock:
            path = self._serving.get(lesson_id)
            if path is not None and self._unchanged(path):
                return self._files[path].entry
            self._refresh()
            path = self._serving.get(lesson_id)
            return None if path is None else self._files[path].entry

    def _unchanged(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except OSError:
            return False
        return self._files[path].stamp == (stat.st_mtime_ns, stat.st_size)

    def conflicts(self) -> list[IdConflict]:
        """The lesson files left out because another file already serves their lesson id, by file name."""
        with self._lock:
            self._refresh()
            return sorted(self._conflicts, key=lambda conflict: conflict.path)

    def _refresh(self) -> None:
        paths = set(self.directory.glob("*.yaml")) | set(self.directory.glob("*.yml"))
        changed = False
        for gone in set(self._files) - paths:
            del self._files[gone]
            changed = True
        stamps = {}
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue  # removed between listing and looking: gone next time
            stamps[path] = (stat.st_mtime_ns, stat.st_size, path.name)
        # New files in the order they appeared (oldest first), so "first seen" means something after a restart too.
        for path in sorted(stamps, key=lambda p: (stamps[p][0], p.name)):
            stamp = stamps[path][:2]
            known = self._files.get(path)
            if known is not None and known.stamp == stamp:
                continue
            if known is None:
                self._seen += 1
            entry, problems = self._load(path)
            self._files[path] = _File(stamp, entry, problems, known.seen if known else self._seen)
            changed = True
        if changed:
            self._assign_ids()

    def _assign_ids(self) -> None:
        by_id: dict[str, list[Path]] = {}
        for path, file in self._files.items():
            if file.entry is not None:
                by_id.setdefault(file.entry.lesson.id, []).append(path)
        serving: dict[str, Path] = {}
        for lesson_id, paths in by_id.items():
            current = self._serving.get(lesson_id)
            serving[lesson_id] = current if current in paths else min(paths, key=lambda p: self._files[p].seen)
        self._serving = serving
        problems = {path: list(file.problems) for path, file in self._files.items()}
        conflicts = []
        for lesson_id, paths in by_id.items():
            owner = serving[lesson_id]
            for path in paths:
                if path != owner:
                    problems[path].append(duplicate_lesson_id(str(path), lesson_id, str(owner)))
                    conflicts.append(IdConflict(path, lesson_id, owner))
                    log.warning("lesson file %s left out: lesson id %r is served from %s", path, lesson_id, owner)
        self._problems = problems
        self._conflicts = conflicts

    def _load(self, path: Path) -> tuple[LessonEntry | None, list[Diagnostic]]:
        try:
            raw = read_lesson_file(path)
        except LessonFileError as error:
            log.warning("lesson file %s left out: %s", path, error.diagnostic.message)
            return None, [error.diagnostic]
        result = check_lesson_bytes(raw, str(path))
        if result.lesson is None or result.bank is None:  # the bank is None exactly when the lesson is
            return None, result.errors
        entry = LessonEntry(result.lesson, path, hashlib.sha256(raw).hexdigest()[:16], tuple(result.bank))
        return entry, result.errors
