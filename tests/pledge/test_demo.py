"""The demo council's pledge and "you said, we did": created once, and a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from cpboard.accounts.demo import seed_people
from performance.services.catalogue import catalogue_load
from pledge.demo import seed_pledge
from pledge.models import Commitment, Finding, PledgeVersion, Promise, Survey
from pledge.services import readability

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    catalogue_load()
    seed_pledge(out, people=seed_people(StringIO()))
    return out.getvalue()


def _counts():
    return {
        m.__name__: (m.objects.count(), m.history.count())
        for m in (PledgeVersion, Promise, Commitment, Finding)
    }


def test_the_demo_pledge_has_a_current_version_and_an_earlier_one():
    _seed()
    current = PledgeVersion.objects.current()
    assert current.number == 2
    assert current.promises.count() == 10
    assert PledgeVersion.objects.get(number=1).status == PledgeVersion.Status.SUPERSEDED
    areas = [p.outcome_area.slug for p in current.promises.all()]
    assert areas == sorted(areas, key=areas.index)  # each outcome area's promises come together
    assert all(p.commitments.exists() and p.principles for p in current.promises.all())
    # written for children: every promise reads at the pledge's aim or under
    assert [p.child_text for p in current.promises.all() if readability.check(p.child_text).too_hard] == []


def test_the_demo_findings_belong_to_the_two_surveys_and_some_link_to_indicators():
    _seed()
    assert set(Survey.objects.values_list("year", flat=True)) == {2025, 2026}
    assert Finding.objects.filter(survey__year=2025).count() == 4
    assert Finding.objects.filter(survey__year=2026).count() == 2
    assert Finding.objects.exclude(action_id=None).count() == 3
    assert set(Finding.objects.values_list("status", flat=True)) == {"done", "in-progress", "planned"}


def test_seeding_again_changes_nothing():
    _seed()
    before = _counts()
    _seed()
    assert _counts() == before
