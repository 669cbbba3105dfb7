"""Export speed: a lesson's whole bank to every format, beside text2qti converting a 30-question quiz, in one run.

For each format it prints:

* ``in process``: :func:`quizgen.exports.export` of the whole bank, warm, median of several runs, and per question;
* ``whole process``: ``quizgen export LESSON --format F --bank`` as a fresh process (Python start-up, loading and
  checking the lesson, generating the bank, writing the file), median of several runs, and per question;

then ``text2qti quiz.md`` on a 30-question text2qti quiz (multiple choice, built from the same lesson's items), as
a fresh process, per question.  Target: quizgen's whole process per question below text2qti's.

text2qti is not a quizgen dependency: the first run installs it into ``.cache/bench-venv`` (pip, from PyPI).

Both tools run from bytecode, as installed packages do: pip compiles text2qti when it installs it, and the benchmark
compiles quizgen's package first (an editable install under ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every
module from source in every run, which no installed quizgen does).

Run: ``.venv/bin/python benchmarks/export.py`` (``--quick`` for fewer repeats; ``--lesson PATH`` for another lesson).
"""

from __future__ import annotations

import argparse
import compileall
import resource
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
QUIZGEN = ROOT / ".venv" / "bin" / "quizgen"
TEXT2QTI_QUESTIONS = 30


def text2qti_command() -> Path:
    """The text2qti command of the benchmark's own virtual environment, installed on first use."""
    command = BENCH_VENV / "bin" / "text2qti"
    if not command.exists():
        print("installing text2qti into .cache/bench-venv (benchmark only) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run([str(BENCH_VENV / "bin" / "pip"), "install", "-q", "text2qti"], check=True)
    return command


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


def timed(command: list[str], cwd: Path, repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``command`` as a fresh process (it must succeed).

    CPU time is what the verdict uses: on a busy machine wall time mostly measures the wait for a core.
    """
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--lesson", default=str(ROOT / "lessons" / "nk-drones-security.yaml"))
    arguments = parser.parse_args()
    repeats = 3 if arguments.quick else 7
    compileall.compile_dir(str(ROOT / "quizgen"), quiet=1)
    lesson = load_lesson(arguments.lesson)
    bank = item_bank(lesson)
    questions = len(bank)
    print(f"lesson {lesson.id}: {questions} items in the bank; median of {repeats} runs\n")
    print(
        f"{'format':<10} {'in process':>12} {'per question':>13} {'process wall':>13} {'process CPU':>12} "
        f"{'CPU per question':>17}"
    )
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for output_format in FORMATS:
            export(lesson, output_format, bank=bank)  # warm
            runs = []
            for _ in range(repeats):
                start = time.perf_counter()
                export(lesson, output_format, bank=bank)
                runs.append(time.perf_counter() - start)
            inside = statistics.median(runs)
            target = Path(folder) / f"out-{output_format}"
            wall, cpu = timed(
                [str(QUIZGEN), "export", arguments.lesson, "--format", output_format, "--bank", "-o", str(target)],
                ROOT,
                repeats,
            )
            worst = max(worst, cpu / questions)
            print(
                f"{output_format:<10} {inside * 1000:>10.1f}ms {inside / questions * 1000:>11.2f}ms "
                f"{wall * 1000:>11.0f}ms {cpu * 1000:>10.0f}ms {cpu / questions * 1000:>15.1f}ms"
            )
        quiz = Path(folder) / "quiz.md"
        quiz.write_text(text2qti_quiz(lesson), encoding="utf-8")
        baseline_wall, baseline_cpu = timed([str(text2qti_command()), str(quiz)], Path(folder), repeats)
    per_question = baseline_cpu / TEXT2QTI_QUESTIONS
    print(
        f"\ntext2qti, {TEXT2QTI_QUESTIONS} questions, whole process: {baseline_wall * 1000:.0f}ms wall, "
        f"{baseline_cpu * 1000:.0f}ms CPU, {per_question * 1000:.1f}ms CPU per question"
    )
    verdict = "met" if worst < per_question else "NOT met"
    print(
        f"target (quizgen's slowest format, CPU per question < text2qti's): {verdict} "
        f"({worst * 1000:.1f}ms vs {per_question * 1000:.1f}ms)"
    )


if __name__ == "__main__":
    main()
