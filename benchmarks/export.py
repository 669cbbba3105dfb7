"""Export speed: a lesson's whole bank to every format, beside text2qti converting a 30-question quiz, in one run.

For each format it prints:

* ``in process``: :func:`quizgen.exports.export` of the whole bank, warm, median of several runs, and per question;
* ``whole process``: ``quizgen export LESSON --format F --bank`` as a fresh process (Python start-up, loading and
  checking the lesson, generating the bank, writing the file), median of several runs, and per question;

then ``text2qti quiz.md`` on a 30-question text2qti quiz (multiple choice, built from the same lesson's items), as
a fresh process, per question.  Target: quizgen's whole process per question below text2qti's.

Both tools run as a teacher runs them: installed from a package into one virtual environment, ``.cache/bench-venv``
(text2qti from PyPI; quizgen from this checkout, rebuilt and reinstalled at every run, with its dependencies on the
first), so both start from the compiled bytecode pip writes at install and neither pays for a development checkout's
editable-install finder, which costs every ``python`` start in ``.venv`` about 20 ms.  text2qti is not a quizgen
dependency: only the benchmark installs it.

The processes are interleaved, each quizgen run followed by a text2qti run, so both see the same machine: on a busy
machine, runs taken minutes apart compare two loads rather than two programs.  CPU time (user + system) is what the
verdict compares; a first run of each, untimed, leaves nothing to set up on first use.

Run: ``.venv/bin/python benchmarks/export.py`` (``--quick`` for fewer repeats; ``--lesson PATH`` for another lesson).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizgen.exports import FORMATS, export  # noqa: E402
from quizgen.generators import item_bank  # noqa: E402
from quizgen.loader import load_lesson  # noqa: E402

BENCH_VENV = ROOT / ".cache" / "bench-venv"
TEXT2QTI_QUESTIONS = 30


def installed_commands() -> tuple[Path, Path]:
    """The quizgen and text2qti commands of the benchmark's own virtual environment, quizgen freshly installed."""
    pip = BENCH_VENV / "bin" / "pip"
    if not (BENCH_VENV / "bin" / "text2qti").exists():
        print("installing text2qti into .cache/bench-venv (benchmark only) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run([str(pip), "install", "-q", "text2qti"], check=True)
    print("installing this checkout's quizgen into .cache/bench-venv ...", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        # A copy, so that building leaves no build/ folder in the checkout (a stale one would ship deleted modules).
        source = Path(folder) / "quizgen-source"
        shutil.copytree(ROOT / "quizgen", source / "quizgen", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, source / name)
        subprocess.run([str(pip), "install", "-q", str(source)], check=True, capture_output=True)
    return BENCH_VENV / "bin" / "quizgen", BENCH_VENV / "bin" / "text2qti"


def text2qti_quiz(lesson) -> str:
    """A 30-question text2qti quiz: the lesson's choice items, repeated as needed (text2qti syntax)."""
    choices = [item for item in item_bank(lesson) if item.type == "single_choice"]
    lines = [f"Quiz title: {lesson.id} benchmark", "Quiz description: 30 questions", ""]
    for number in range(1, TEXT2QTI_QUESTIONS + 1):
        item = choices[(number - 1) % len(choices)]
        stem = " ".join(item.stem.split())
        lines.append(f"{number}.  {stem} (question {number})")  # text2qti refuses repeated questions
        for index, option in enumerate(item.options):
            mark = "*" if option == item.answer else ""
            lines.append(f"{mark}{'abcdefgh'[index]})  {' '.join(option.split())}")
        lines.append(f"... {' '.join(item.evidence.split())}")
        lines.append("")
    return "\n".join(lines)


def cpu_and_wall(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``command`` as a fresh process (it must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def interleaved(commands: dict[str, list[str]], baseline: list[str], cwd: Path, repeats: int) -> dict[str, tuple]:
    """Median wall and CPU time of each command and of ``baseline`` (key ``""``), every run followed by a baseline run.

    CPU time is what the verdict uses: on a busy machine wall time mostly measures the wait for a core.
    """
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in [*commands, ""]}
    for command in [*commands.values(), baseline]:
        cpu_and_wall(command, cwd)  # untimed: whatever a first run sets up
    for _ in range(repeats):
        for name, command in commands.items():
            runs[name].append(cpu_and_wall(command, cwd))
            runs[""].append(cpu_and_wall(baseline, cwd))
    return {
        name: (statistics.median(wall for wall, _ in times), statistics.median(cpu for _, cpu in times))
        for name, times in runs.items()
    }


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--lesson", default=str(ROOT / "lessons" / "nk-drones-security.yaml"))
    arguments = parser.parse_args()
    repeats = 3 if arguments.quick else 7
    quizgen, text2qti = installed_commands()
    lesson = load_lesson(arguments.lesson)
    bank = item_bank(lesson)
    questions = len(bank)
    inside = {}
    for output_format in FORMATS:
        export(lesson, output_format, bank=bank)  # warm
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            export(lesson, output_format, bank=bank)
            runs.append(time.perf_counter() - start)
        inside[output_format] = statistics.median(runs)
    with tempfile.TemporaryDirectory() as folder:
        quiz = Path(folder) / "quiz.md"
        quiz.write_text(text2qti_quiz(lesson), encoding="utf-8")
        commands = {
            output_format: [
                str(quizgen),
                *("export", str(Path(arguments.lesson).resolve()), "--format", output_format, "--bank"),
                *("-o", str(Path(folder) / f"out-{output_format}")),
            ]
            for output_format in FORMATS
        }
        measured = interleaved(commands, [str(text2qti), str(quiz)], Path(folder), repeats)
    print(f"\nlesson {lesson.id}: {questions} items in the bank; median of {repeats} runs\n")
    print(
        f"{'format':<10} {'in process':>12} {'per question':>13} {'process wall':>13} {'process CPU':>12} "
        f"{'CPU per question':>17}"
    )
    worst = 0.0
    for output_format in FORMATS:
        wall, cpu = measured[output_format]
        worst = max(worst, cpu / questions)
        print(
            f"{output_format:<10} {inside[output_format] * 1000:>10.1f}ms "
            f"{inside[output_format] / questions * 1000:>11.2f}ms "
            f"{wall * 1000:>11.0f}ms {cpu * 1000:>10.0f}ms {cpu / questions * 1000:>15.1f}ms"
        )
    baseline_wall, baseline_cpu = measured[""]
    per_question = baseline_cpu / TEXT2QTI_QUESTIONS
    print(
        f"\ntext2qti, {TEXT2QTI_QUESTIONS} questions, whole process (median of {repeats * len(FORMATS)} runs, one after "
        f"each quizgen run): {baseline_wall * 1000:.0f}ms wall, {baseline_cpu * 1000:.0f}ms CPU, "
        f"{per_question * 1000:.1f}ms CPU per question"
    )
    verdict = "met" if worst < per_question else "NOT met"
    print(
        f"target (quizgen's slowest format, CPU per question < text2qti's): {verdict} "
        f"({worst * 1000:.1f}ms vs {per_question * 1000:.1f}ms)"
    )


if __name__ == "__main__":
    main()
