"""A blind item-review packet: passages, then items drawn at random from lessons' banks, with keys and feedback.

The packet is plain Markdown for a reviewer who sees no code: each lesson's passage (numbered paragraphs),
then the sampled items with their options, key, explanation and evidence.  The sample is reproducible from
``--seed``.  Run: ``.venv/bin/python benchmarks/review_sample.py LESSON.yaml [...] --count 40 --seed 1 > packet.md``
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizgen.feedback import feedback_for, key_lines
from quizgen.generators import item_bank
from quizgen.loader import load_lesson
from quizgen.quiz import _present as present


def packet(paths: list[str], count: int, seed: int) -> str:
    """The Markdown packet for ``count`` items drawn from the banks of the lessons at ``paths``."""
    rng = random.Random(seed)
    lessons = [load_lesson(path) for path in paths]
    pool = [(lesson, item) for lesson in lessons for item in item_bank(lesson)]
    sample = rng.sample(pool, min(count, len(pool)))
    out = []
    for lesson in lessons:
        out.append(
            f"# Passage: {lesson.title}\n\nSource: \u201c{lesson.source.headline}\u201d, {lesson.source.outlet}"
            f"{', ' + lesson.source.date if lesson.source.date else ''}.\n"
        )
        for number, paragraph in enumerate(lesson.paragraphs, start=1):
            heading = f"**{paragraph.heading}** " if paragraph.heading else ""
            out.append(f"\u00b6{number}. {heading}{paragraph.text}\n")
    out.append("# Items\n")
    for index, (lesson, item) in enumerate(sample, start=1):
        # Options in the order one variant shows them, so the key's position carries no information.
        shown = present(index, item, random.Random(index))
        out.append(f"## Item {index} ({lesson.title}; {item.type.replace('_', ' ')})\n\n{item.stem}\n")
        if item.type == "cloze":
            out.append(f"Text: {item.text.replace('[[', '[').replace(']]', ']')}\n")
        if shown and shown.choices:
            label = "Word bank" if item.type == "cloze" else "Options" if item.type != "matching" else "Left"
            out.append(f"{label}:\n" + "".join(f"- {choice}\n" for choice in shown.choices))
        if shown and shown.rights:
            out.append("Right-hand choices:\n" + "".join(f"- {choice}\n" for choice in shown.rights))
        out.append("Key: " + "; ".join(key_lines(item)) + "\n")
        out.append("Feedback shown after answering: " + feedback_for(lesson, item).as_text() + "\n")
    return "\n".join(out)


def main() -> None:
    """Print the packet."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("lessons", nargs="+")
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(packet(args.lessons, args.count, args.seed))


if __name__ == "__main__":
    main()
