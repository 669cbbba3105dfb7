"""Core speed: load+validate+generate per lesson, 1000 variants, a 5 MB file, and `quizgen validate` as a process.

Each figure is printed beside a baseline measured in the same run:
``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same bytes (parsing alone,
no positions, no checks). Run: ``.venv/bin/python benchmarks/core.py``.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizgen.loader import check_lesson_bytes  # noqa: E402
from quizgen.quiz import QuizOptions, build_quiz, derive_seed  # noqa: E402


def best_of(function, repeat: int = 15) -> float:
    """Median wall time of ``function`` in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def load_and_generate(raw: bytes, name: str):
    result = check_lesson_bytes(raw, name)  # the result carries the item bank it generated and checked
    assert result.lesson is not None, result.errors
    return result.lesson, result.bank


def main() -> None:
    lessons = sorted((ROOT / "lessons").glob("*.yaml"))
    print(f"{'lesson':<28}{'items':>6}{'CSafeLoader ms':>16}{'quizgen ms':>12}{'ratio':>7}{'1000 variants s':>17}")
    for path in lessons:
        raw = path.read_bytes()
        baseline = best_of(lambda raw=raw: yaml.load(raw, Loader=yaml.CSafeLoader))
        ours = best_of(lambda raw=raw, path=path: load_and_generate(raw, str(path)))
        lesson, bank = load_and_generate(raw, str(path))
        count = min(30, len(bank))
        started = time.perf_counter()
        for index in range(1000):
            build_quiz(lesson, derive_seed(1, index), QuizOptions(count=count), bank=bank)
        variants = time.perf_counter() - started
        print(
            f"{path.stem:<28}{len(bank):>6}{baseline * 1000:>16.2f}{ours * 1000:>12.2f}{ours / baseline:>7.2f}"
            f"{variants:>17.2f}  ({count}-item quizzes)"
        )

    big = b"id: big\nparagraphs:\n" + b"  - {id: p, text: lorem ipsum dolor sit amet consectetur}\n" * 90_000
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = check_lesson_bytes(big, "big.yaml")
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    verdict = "refused" if result.lesson is None else "loaded"
    print(
        f"\n{len(big) / 1e6:.1f} MB lesson: {verdict} in {elapsed * 1000:.1f} ms "
        f"({result.errors[0].message if result.errors else ''}); peak RSS grew {(rss_after - rss_before) / 1024:.1f} MB "
        f"(process peak {rss_after / 1024:.0f} MB)"
    )

    # Just under the size cap: the largest file the loader will parse (a 34,000-paragraph lesson).
    near = b"id: big\nparagraphs:\n" + b"  - {id: p, text: lorem ipsum dolor sit amet consectetur}\n" * 34_000
    started = time.perf_counter()
    result = check_lesson_bytes(near, "near.yaml")
    elapsed = time.perf_counter() - started
    rss_final = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{len(near) / 1e6:.1f} MB lesson (under the cap): parsed and checked in {elapsed * 1000:.0f} ms, "
        f"{len(result.errors)} errors reported; process peak RSS {rss_final / 1024:.0f} MB"
    )

    target = str(lessons[0]) if lessons else str(ROOT / "tests" / "fixtures" / "mini.yaml")
    quizgen = str(Path(sys.executable).parent / "quizgen")
    whole = best_of(lambda: subprocess.run([quizgen, "validate", target], capture_output=True, check=True), repeat=7)
    python = best_of(
        lambda: subprocess.run([sys.executable, "-c", "import yaml"], capture_output=True, check=True), repeat=7
    )
    print(
        f"`quizgen validate {Path(target).name}` as a whole process: {whole * 1000:.0f} ms "
        f"(baseline `python -c 'import yaml'`: {python * 1000:.0f} ms)"
    )
    peer = peer_text2qti()
    if peer is not None:
        print(f"peer: text2qti converting a 30-question text quiz as a whole process: {peer * 1000:.0f} ms")
    importtime = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import quizgen.cli"], capture_output=True, text=True
    ).stderr
    heavy = [
        name
        for name in ("flask", "sqlalchemy", "weasyprint")
        if f" {name}\n" in importtime or f" {name}." in importtime
    ]
    print(f"heavy modules imported by the CLI (python -X importtime): {heavy or 'none'}")


def peer_text2qti() -> float | None:
    """Time text2qti (installed into its own venv under /tmp on first use) on a 30-question quiz."""
    venv = Path("/tmp/quizgen-peer-text2qti")
    tool = venv / "bin" / "text2qti"
    if not tool.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        installed = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "text2qti"], capture_output=True)
        if installed.returncode != 0:
            print("peer: text2qti could not be installed; skipped")
            return None
    quiz = venv / "quiz.md"
    quiz.write_text(
        "Quiz title: Drones\n\n"
        + "\n".join(f"{n}.  Who reported claim {n}?\na)  An analyst\n*b)  KCNA\nc)  Seoul\n" for n in range(1, 31)),
        encoding="utf-8",
    )
    return best_of(lambda: subprocess.run([str(tool), str(quiz)], capture_output=True, check=True, cwd=venv), repeat=5)


if __name__ == "__main__":
    main()
