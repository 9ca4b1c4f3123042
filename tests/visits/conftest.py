import datetime as dt

import pytest
from django.utils import timezone

from cpboard.core import roles
from tests.conftest import make_person
from training.models import add_months
from visits.periods import month_start


@pytest.fixture
def this_month():
    return month_start(timezone.localdate())


@pytest.fixture
def last_month(this_month):
    return add_months(this_month, -1)


@pytest.fixture
def visitor_user(db):
    return make_person(roles.VISITOR)


@pytest.fixture
def manager_user(db):
    return make_person(roles.HOME_MANAGER)


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)
