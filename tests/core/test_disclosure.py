"""The small-number rule (cpboard.core.disclosure): its table, its permission and who holds it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.template import Context, Template

from cpboard.core import disclosure
from cpboard.core.roles import ROLES, group

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "hidden"),
    [(None, False), (0, False), (1, True), (4, True), (5, False), (6, False), (Decimal("3.00"), True)],
)
def test_counts_from_1_to_threshold_minus_1_are_hidden(count, hidden, board_member, officer):
    assert disclosure.hides_count(count, board_member) is hidden
    assert disclosure.hides_count(count, officer) is False


@pytest.mark.parametrize(
    ("numerator", "denominator", "hidden", "why"),
    [
        (2, 20, True, "numerator small"),
        (0, 3, True, "denominator small (a true zero, but it reveals a cohort of 3)"),
        (3, 3, True, "everything small"),
        (6, 7, True, "complement small: one child left out"),
        (16, 20, True, "complement 4"),
        (15, 20, False, "complement exactly the threshold"),
        (5, 10, False, "numerator exactly the threshold"),
        (0, 5, False, "a true zero of a cohort of exactly the threshold"),
        (0, 20, False, "a true zero of a large cohort"),
        (20, 20, False, "all of a large cohort: complement 0"),
        (12, 120, False, "nothing small"),
        (None, None, False, "published percentage with no counts (DfE)"),
        (None, 3, True, "only a denominator, and it is small"),
        (3, None, True, "only a numerator, and it is small"),
        (10, None, False, "only a numerator, not small: no complement to test"),
    ],
)
def test_a_proportion_is_hidden_when_numerator_denominator_or_complement_is_small(
    numerator, denominator, hidden, why, board_member, officer, senior_officer
):
    assert disclosure.hides_proportion(numerator, denominator, board_member) is hidden, why
    assert disclosure.hides_proportion(numerator, denominator, officer) is False
    assert disclosure.hides_proportion(numerator, denominator, senior_officer) is False


def test_the_threshold_comes_from_settings(settings, board_member):
    settings.SMALL_NUMBER_THRESHOLD = 10
    assert disclosure.hides_count(9, board_member)
    assert disclosure.hides_proportion(30, 39, board_member)
    assert disclosure.count_text() == "fewer than 10"
    assert disclosure.proportion_text() == "not shown: fewer than 10 children"
    assert "fewer than 10 children" in disclosure.note()


def test_nobody_signed_in_sees_small_numbers(board_member):
    from django.contrib.auth.models import AnonymousUser

    assert not disclosure.can_see_small_numbers(None)
    assert not disclosure.can_see_small_numbers(AnonymousUser())
    assert disclosure.hides_count(1, None)


@pytest.mark.parametrize("slug", list(ROLES))
def test_exactly_officers_and_senior_officers_hold_the_core_permission(slug, person_with_role):
    person = person_with_role(slug)
    assert disclosure.can_see_small_numbers(person) is (slug in {"officer", "senior_officer"})
    codenames = {(p.content_type.app_label, p.codename) for p in group(slug).permissions.all()}
    assert (("core", "view_small_numbers") in codenames) is (slug in {"officer", "senior_officer"})


def test_the_permission_is_core_only_and_every_role_permission_exists():
    assert Permission.objects.filter(content_type__app_label="core", codename="view_small_numbers").exists()
    assert not Permission.objects.filter(codename="view_small_numbers").exclude(
        content_type__app_label="core"
    )
    for role in ROLES.values():
        for dotted in role.permissions:
            app_label, codename = dotted.split(".", 1)
            assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), (
                f"{role.slug}: {dotted} does not exist, so sync_roles would silently leave it out"
            )


def test_the_template_filter_hides_small_counts(board_member, officer):
    template = Template("{% load cpboard %}{{ n|disclosed:user }}")
    assert template.render(Context({"n": 3, "user": board_member})) == "fewer than 5"
    assert template.render(Context({"n": 3, "user": officer})) == "3"
    assert template.render(Context({"n": 0, "user": board_member})) == "0"
    assert template.render(Context({"n": 1234, "user": board_member})) == "1,234"


def test_who_may_see_small_numbers_is_decided_once_per_person_object():
    """A dashboard asks for every figure; the permission check (every authentication backend) runs once."""
    from unittest import mock

    from cpboard.core import disclosure as rules

    person = mock.Mock(spec=["has_perm"])
    person.has_perm.return_value = False
    for _ in range(50):
        assert rules.hides_count(3, person)
    assert person.has_perm.call_count == 1
