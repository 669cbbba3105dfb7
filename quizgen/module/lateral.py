"""The lateral-reading organiser: Civic Online Reasoning's three questions, a first row on the publisher itself,
then one row per claim, with the author's dated findings as the teacher key."""

from __future__ import annotations

from dataclasses import dataclass

from ..labels import gettext
from ..model import Lesson
from ..module_model import Reference


@dataclass(frozen=True)
class LateralRow:
    """One row of the organiser: what to check, where to start searching, and (teacher key) what was found."""

    id: str
    subject: str
    """The publisher's name, or the claim in plain words."""
    who: str
    """Who is behind it, as the article gives it."""
    paragraph_number: int | None
    search_terms: tuple[str, ...]
    found: str | None
    checked: str | None
    sources: tuple[Reference, ...]


def lateral_rows(lesson: Lesson) -> list[LateralRow]:
    """The publisher row, then a row for every claim (call inside ``use_language(lesson.language)``)."""
    lateral = lesson.lateral_reading
    references = {reference.id: reference for reference in lesson.references}

    def cited(ids) -> tuple[Reference, ...]:
        return tuple(references[i] for i in ids if i in references)

    outlet = lesson.source.outlet or gettext("outlet not named")
    publisher = lateral.publisher if lateral else None
    rows = [
        LateralRow(
            "publisher",
            gettext("The publisher: %(outlet)s", outlet=outlet),
            outlet,
            None,
            tuple(publisher.search_terms) if publisher else (),
            publisher.found if publisher else None,
            lateral.checked if lateral else None,
            cited(publisher.sources) if publisher else (),
        )
    ]
    checks = {row.claim: row for row in lateral.claims} if lateral else {}
    for claim in lesson.claims:
        check = checks.get(claim.id)
        rows.append(
            LateralRow(
                claim.id,
                claim.text,
                lesson.actor(claim.asserted_by).name,
                lesson.paragraph_number(claim.paragraph),
                tuple(check.search_terms) if check else (),
                check.found if check else None,
                (check.checked or lateral.checked) if check and lateral else None,
                cited(check.sources) if check else (),
            )
        )
    return rows
