"""Demo people for the fictional Thistledon Council, one or more per role."""

from __future__ import annotations

from django.contrib.auth.models import Group

from cpboard.accounts.models import User
from cpboard.core.history import attribute_next_save
from cpboard.core.roles import (
    ADMINISTRATOR,
    BOARD_MEMBER,
    CICC_MEMBER,
    HOME_MANAGER,
    OFFICER,
    ROLES,
    SCRUTINY_OFFICER,
    SENIOR_OFFICER,
    VISITOR,
)

# username, first name, last name, organisation, job title, roles, password (demo only: never in production)
DEMO_PEOPLE = [
    (
        "chair",
        "Alys",
        "Hughes",
        "Thistledon Council",
        "Councillor, chair of the board",
        [BOARD_MEMBER],
        "thistledon-chair",
    ),
    ("member", "Tomasz", "Nowak", "Thistledon Council", "Councillor", [BOARD_MEMBER], "thistledon-member"),
    (
        "partner",
        "Grace",
        "Adeyemi",
        "Thistledon and District NHS Trust",
        "Designated nurse for children in care",
        [BOARD_MEMBER],
        "thistledon-partner",
    ),
    (
        "officer",
        "Priya",
        "Shah",
        "Thistledon Council",
        "Performance and intelligence officer",
        [OFFICER],
        "thistledon-officer",
    ),
    (
        "senior",
        "Dan",
        "Morgan",
        "Thistledon Council",
        "Head of service, children in care",
        [OFFICER, SENIOR_OFFICER],
        "thistledon-senior",
    ),
    (
        "scrutiny",
        "Ruth",
        "Ellis",
        "Thistledon Council",
        "Scrutiny officer",
        [SCRUTINY_OFFICER],
        "thistledon-scrutiny",
    ),
    ("young.person", "Jay", "", "Thistledon Children in Care Council", "", [CICC_MEMBER], "thistledon-young"),
    (
        "independent.visitor",
        "Pat",
        "Ellison",
        "Independent",
        "Independent Regulation 44 visitor",
        [VISITOR],
        "thistledon-visitor",
    ),
    (
        "home.manager",
        "Lena",
        "Marwood",
        "Thistledon Council",
        "Registered manager, Hollins Lodge",
        [HOME_MANAGER],
        "thistledon-manager",
    ),
    (
        "admin",
        "Sam",
        "Price",
        "Thistledon Council",
        "System administrator",
        [ADMINISTRATOR],
        "thistledon-admin",
    ),
]


def seed_people(out) -> dict[str, User]:
    people = {}
    created_rows = []
    for username, first, last, org, title, roles, password in DEMO_PEOPLE:
        person = User.objects.filter(username=username).first()
        if person is None:
            person = User(
                username=username,
                first_name=first,
                last_name=last,
                organisation=org,
                job_title=title,
                email=f"{username}@thistledon.example",
            )
            person.set_password(password)
            attribute_next_save(person, reason="Demo council")
            person.save()
            person.groups.set(Group.objects.filter(name__in=[ROLES[r].name for r in roles]))
            created_rows.append((username, password, ", ".join(ROLES[r].name for r in roles)))
        people[username] = person
    if created_rows:
        out.write("Demo logins (shown once; also listed in README.md):")
        for username, password, role_names in created_rows:
            out.write(f"  {username:<14} {password:<20} {role_names}")
    return people
