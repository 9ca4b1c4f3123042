"""How easy a child-facing text is to read, as a reading age, for the officer who writes it.

    check("We promise you will know your social worker's name.", band=AgeBand.YOUNGER)
    -> Reading(age=8, aim=9, ...).message == "Reading age about 8: fine for the 8 to 11 survey (aim for 9 or under)."

The estimate is the Flesch-Kincaid grade (textstat, a maintained library) turned into a UK reading age (grade
plus five). Short texts give rough estimates, so the words say "about", and the check never blocks a save: it is
advice shown beside what is being written."""

from __future__ import annotations

from dataclasses import dataclass

import textstat

from pledge.models import AgeBand

# The reading age each audience's texts should not go above.
AIM = {
    AgeBand.YOUNGEST: 7,  # read aloud with a trusted adult
    AgeBand.YOUNGER: 9,
    AgeBand.OLDER: 11,
    AgeBand.CARE_LEAVERS: 12,
}
AUDIENCE = {
    AgeBand.YOUNGEST: "the 4 to 7 survey",
    AgeBand.YOUNGER: "the 8 to 11 survey",
    AgeBand.OLDER: "the 11 to 17 survey",
    AgeBand.CARE_LEAVERS: "the care leavers' survey",
}
CHILDREN = 9  # the pledge itself is for every child in care
YOUNGEST_AGE = 5

textstat.set_lang("en")


@dataclass(frozen=True)
class Reading:
    age: int | None  # None when there is nothing to measure
    aim: int
    audience: str

    @property
    def too_hard(self) -> bool:
        return self.age is not None and self.age > self.aim

    @property
    def message(self) -> str:
        if self.age is None:
            return f"Write some words to see their reading age (aim for {self.aim} or under for {self.audience})."
        verdict = "harder than" if self.too_hard else "fine for"
        return (
            f"Reading age about {self.age}: {verdict} {self.audience} (aim for {self.aim} or under). "
            + ("Try shorter sentences and shorter words." if self.too_hard else "")
        ).strip()


def reading_age(text: str) -> int | None:
    words = textstat.lexicon_count(text or "")
    if words == 0:
        return None
    grade = textstat.flesch_kincaid_grade(text)
    return max(YOUNGEST_AGE, round(grade + 5))


def check(text: str, *, band: str | None = None) -> Reading:
    """The reading age of `text` against the aim for an age band's survey, or for the pledge (no band)."""
    if band:
        aim, audience = AIM[AgeBand(band)], AUDIENCE[AgeBand(band)]
    else:
        aim, audience = CHILDREN, "children in care"
    return Reading(age=reading_age(text), aim=aim, audience=audience)
