"""The words the board's pages use, explained once, in the council's own wording. Each term has an anchor on
the glossary page (/glossary/#rag); pages link to it with `{% glossary_link "rag" "RAG rating" %}` or `{% glossary_url "rag" %}`
(`{% load cpboard %}`), which refuse a term that is not here, so a link never points nowhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Term:
    slug: str  # the anchor: /glossary/#<slug>
    term: str
    text: str  # plain text; {children_term}, {cicc_name}, {board_name}, {council_name}, {threshold} filled in


TERMS: list[Term] = [
    Term(
        "rag",
        "RAG (red, amber, green) rating",
        "How the latest figure compares with the council's target for the year. Green: at or better than the "
        "target. Amber: short of the target, but by no more than the indicator's amber tolerance. Red: short of "
        "the target by more than that. An indicator with no target, or one that only gives context, is not "
        "rated. The colour is always written as a word too.",
    ),
    Term(
        "target",
        "Target",
        "The figure the council aims for on an indicator in a year (April to March, or the school year for "
        "education measures). Officers set targets; the board can ask why a target is what it is.",
    ),
    Term(
        "amber-tolerance",
        "Amber tolerance",
        "How far short of its target an indicator can be and still be amber rather than red, in the "
        "indicator's own unit: for a percentage, in percentage points.",
    ),
    Term(
        "direction-of-travel",
        "Direction of travel",
        "Whether the figure went up or down since the previous period (and, for quarterly figures, since the "
        "same quarter last year), by how much, and whether that is better or worse. For some indicators a "
        "lower figure is better, so a figure can go down and be better: the words say both, for example "
        "“Down 1.2 percentage points since 2025-26 Q1 — better”.",
    ),
    Term(
        "percentage-points",
        "Percentage points",
        "The difference between two percentages. A figure that goes from 10% to 12% is up 2 percentage "
        "points (not 2%).",
    ),
    Term(
        "rate-per-10000",
        "Rate per 10,000 children",
        "How many children something applies to for every 10,000 children under 18 living in the area. It lets "
        "councils of different sizes be compared.",
    ),
    Term(
        "england",
        "England",
        "The figure for all councils in England together, as published by the Department for Education (DfE).",
    ),
    Term(
        "region",
        "Region",
        "The figure for the councils in the same region of England as this council, as the DfE publishes it. "
        "The DfE splits London into Inner London and Outer London, and a London borough is compared with its "
        "part.",
    ),
    Term(
        "statistical-neighbours",
        "Statistical neighbours",
        "The 10 councils the DfE judges most like this one (in population, deprivation and similar things). "
        "The comparator is the median of their figures: the middle one when they are put in order, so one "
        "unusual council does not pull it up or down. Counts are not given a neighbours' median, because a "
        "median of other councils' numbers of children means nothing here.",
    ),
    Term(
        "median",
        "Median",
        "The middle figure when a set of figures is put in order (with an even number of figures, halfway "
        "between the middle two).",
    ),
    Term(
        "comparable",
        "Comparing like with like",
        "A count of this council's children cannot be compared with a count for England: only rates and "
        "percentages can. Where two figures cannot be compared, the page says so.",
    ),
    Term(
        "draft",
        "Draft",
        "A quarter's figures that officers are still entering. Only officers and senior officers see drafts.",
    ),
    Term(
        "provisional",
        "Provisional",
        "Figures an officer has submitted for sign-off, or that may still change when the year's data is "
        "checked. The board sees them, marked provisional.",
    ),
    Term(
        "signed-off",
        "Signed off",
        "A senior officer has checked the quarter's figures and commentary and agreed them. They are then "
        "locked: a later correction is made as a revision, with a reason, and shows in the figure's history.",
    ),
    Term(
        "revised",
        "Revised",
        "A figure changed after its quarter was signed off, with the reason recorded.",
    ),
    Term(
        "published",
        "Published",
        "A figure the Department for Education has published in its official statistics.",
    ),
    Term(
        "not-published",
        "Not published, not available",
        "The DfE leaves some figures out: “c” means withheld to protect children's privacy, “x” not "
        "collected or not available, “z” does not apply. “k” means a figure so small that it rounds to zero "
        "(less than 0.5%).",
    ),
    Term(
        "small-numbers",
        "Small numbers",
        "A number of children from 1 to {threshold_below} could identify a child, so it is shown as “fewer than "
        "{threshold}”, and a percentage worked out from such a number is not shown, on screen, in downloads "
        "and in printed packs. Only officers and senior officers see them. Zero is shown, because it "
        "identifies no one.",
    ),
    Term(
        "children-in-care",
        "Children in care (looked after children)",
        "Children the council looks after, under a care order or with their parents' agreement. The law and "
        "the DfE's statistics say “children looked after”; {council_name} says “{children_term}”.",
    ),
    Term(
        "care-leaver",
        "Care leaver",
        "A young person aged 16 to 25 who was in the council's care for at least 13 weeks after their 14th "
        "birthday. The council keeps in touch with and supports them.",
    ),
    Term(
        "corporate-parent",
        "Corporate parent, {board_name}",
        "The council, its councillors and officers have a duty to act as a good parent would for {children_term} "
        "and care leavers. The {board_name} is where councillors check how well the council does this.",
    ),
    Term(
        "cicc",
        "{cicc_name}",
        "The group of {children_term} and care leavers who tell the council and the {board_name} what it is "
        "like to be in care here, and whether the council keeps its pledge to them.",
    ),
    Term(
        "pledge",
        "Pledge",
        "The council's written promises to {children_term} and care leavers, made with the {cicc_name}. Some "
        "promises repeat what the law already entitles children to; the rest are the council's own. The pledge "
        "is reviewed and published again from time to time, and earlier versions stay readable.",
    ),
    Term(
        "corporate-parenting-principles",
        "Corporate parenting principles",
        "Seven things the Children and Social Work Act 2017 (section 1) says the council must keep in mind for "
        "{children_term} and care leavers, which the pledge groups as six: their best interests, health and "
        "well-being; their views, wishes and feelings; helping them use services; high aspirations; safety and "
        "stable relationships; and preparing for adult life and living independently.",
    ),
    Term(
        "sdq",
        "Strengths and Difficulties Questionnaire (SDQ)",
        "A short questionnaire about a child's emotional wellbeing and behaviour, filled in each year (usually "
        "by the carer) for children aged 5 to 16 who have been in care for a year or more. Scores run from 0 "
        "to 40: a higher score means more difficulty, and 17 or more is a cause for concern.",
    ),
    Term(
        "eet",
        "Education, employment or training (EET)",
        "Whether a care leaver is at school or college, at university, in work, or in training. “Not in "
        "education, employment or training” (NEET) is the opposite.",
    ),
    Term(
        "key-stages",
        "Key Stage 2, Key Stage 4, Attainment 8",
        "Key Stage 2 is the end of primary school (age 11, year 6 tests in reading, writing and maths). Key Stage "
        "4 is GCSEs (age 16). Attainment 8 is a pupil's average GCSE score across 8 subjects.",
    ),
    Term(
        "persistent-absence",
        "Persistent absence",
        "A pupil missing 10% or more of the school sessions they could have attended.",
    ),
    Term(
        "financial-year",
        "Financial year, quarter",
        "The council's year runs from 1 April to 31 March, written like 2025-26. Quarter 1 (Q1) is April to "
        "June, Q2 July to September, Q3 October to December and Q4 January to March.",
    ),
    Term(
        "academic-year",
        "Academic year",
        "The school year, from September to August, written like 2025/26. Education measures use it.",
    ),
    Term(
        "municipal-year",
        "Municipal year",
        "The council's own year, from the annual meeting in May to the next one, written like 2026/27. "
        "Councillors' terms and members' training are counted in municipal years.",
    ),
    Term(
        "regulation-33-44",
        "Regulation 33 and 44 visits",
        "Visits to the council's children's homes by councillors or independent visitors, each month, "
        "under regulation 33 or 44 of the children's homes regulations. Visitors must be trained for it "
        "before they visit.",
    ),
    Term(
        "refresher",
        "Refresher",
        "A shorter course that renews training done before, such as corporate parenting training, for "
        "another full period (for example three years).",
    ),
    Term(
        "training-compliance",
        "Training compliance",
        "Whether someone holds, on a given date, every course that is mandatory for them: all councillors, "
        "board members, visitors and senior officers each have their own. Due means it expires within 90 "
        "days, or that a new person is still within the time allowed to do their induction.",
    ),
    Term(
        "access-code",
        "Access code (pledge survey)",
        "A code of 10 letters and numbers printed on a slip, which lets one child answer the pledge survey once "
        "without giving their name. Codes cannot be guessed and can be cancelled if a slip is lost.",
    ),
    Term(
        "core-question",
        "Core question (pledge survey)",
        "A question asked in every age band's version of the pledge survey, so the answers of younger and older "
        "children can be compared.",
    ),
    Term(
        "agree-share",
        "Agree share (pledge survey)",
        "Of the children who answered a pledge survey question, the share who said it was “always true” or "
        "“mostly true” (or “yes”): how far they feel that promise is being kept. Children who skipped the "
        "question are not counted. It is compared with the same question in the previous year's survey.",
    ),
    Term(
        "childrens-messages",
        "Children's messages",
        "What children write in their own words in a pledge survey. An officer reads each one first and takes "
        "out anything that could identify a child or someone they know; the board sees a message only once it "
        "is approved. A message that asks for help is passed on, not published.",
    ),
    Term(
        "terms-of-reference",
        "Terms of reference",
        "The rules the council set for the {board_name}: what it is for, what it may decide or recommend, who "
        "sits on it, how often it meets and how many members must be there. The council agrees them and "
        "reviews them from time to time.",
    ),
    Term(
        "quorum",
        "Quorum",
        "The smallest number of voting members (the chair, vice-chair and members) who must be at a meeting for "
        "it to make decisions. A substitute standing in for a member counts in their place.",
    ),
    Term(
        "matters-arising",
        "Matters arising",
        "A standing agenda item: questions and follow-ups from earlier meetings that still need an answer. A "
        "question stays under matters arising at each meeting until its answer is recorded.",
    ),
    Term(
        "work-programme",
        "Work programme",
        "The board's plan for the year of which themes and reports come to which meeting, so that regular "
        "reports (performance each quarter, visits and fostering and adoption twice a year) are not missed.",
    ),
]

BY_SLUG = {term.slug: term for term in TERMS}


def _wording() -> dict[str, str]:
    threshold = settings.SMALL_NUMBER_THRESHOLD
    return {
        "children_term": settings.CHILDREN_TERM,
        "cicc_name": settings.CICC_NAME,
        "board_name": settings.BOARD_NAME,
        "council_name": settings.COUNCIL_NAME,
        "threshold": str(threshold),
        "threshold_below": str(threshold - 1),
    }


def terms() -> list[dict[str, str]]:
    """Every term as the glossary page shows it, in the council's wording."""
    wording = _wording()
    return [
        {"slug": t.slug, "term": t.term.format(**wording), "text": t.text.format(**wording)} for t in TERMS
    ]
