"""Which Department for Education publication each DfE file the app reads comes from: its title as the DfE
names it, and its page on Explore Education Statistics. People are shown the publication, not the file name."""

from __future__ import annotations

from dataclasses import dataclass

EES = "https://explore-education-statistics.service.gov.uk/find-statistics/"


@dataclass(frozen=True)
class Publication:
    title: str
    url: str


CLA = Publication(
    "Children looked after in England including adoptions",
    EES + "children-looked-after-in-england-including-adoptions",
)
OUTCOMES = Publication(
    "Outcomes for children in need, including children looked after by local authorities in England",
    EES + "outcomes-for-children-in-need-including-children-looked-after-by-local-authorities-in-england",
)

PUBLICATIONS: dict[str, Publication] = {
    "cla_number_and_rate_per_10k_children.csv": CLA,
    "la_cla_placement_stability.csv": CLA,
    "la_cla_during_year_new_placements.csv": CLA,
    "la_cla_school_moves.csv": CLA,
    "la_cla_swcount.csv": CLA,
    "la_conviction_health_outcome_cla.csv": CLA,
    "la_care_leavers_activity.csv": CLA,
    "la_care_leavers_accommodation_suitability.csv": CLA,
    "national_cla_adopted_average_time_between_adoption_process_stages.csv": CLA,
    "ks2_la.csv": OUTCOMES,
    "ks4_la.csv": OUTCOMES,
    "absence_la.csv": OUTCOMES,
}


def publication_for(file_name: str) -> Publication | None:
    return PUBLICATIONS.get(file_name)
