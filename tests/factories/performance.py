from decimal import Decimal

import factory

from performance.models import (
    Comparator,
    Indicator,
    IndicatorValue,
    OutcomeArea,
    Period,
    QuarterReturn,
    Target,
)


class OutcomeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeArea
        django_get_or_create = ("slug",)

    slug = "staying-safe"
    name = "Staying safe"
    order = 2


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IND-{n}")
    title = factory.Sequence(lambda n: f"Children in care with three or more placements ({n})")
    definition = "The share of children in care who moved home three or more times in the year."
    unit = Indicator.Unit.PERCENT
    polarity = Indicator.Polarity.LOWER
    outcome_area = factory.SubFactory(OutcomeAreaFactory)
    cohort = "All children in care at the end of the quarter"
    frequency = Indicator.Frequency.QUARTERLY
    source = "SSDA903 return"
    is_proportion = True
    numerator_label = "Children with three or more placements"
    denominator_label = "All children in care"
    tolerance = Decimal("1.0")
    questions = "Why did these children move?\nHow do we compare with our neighbours?"


def quarter(year_start: int = 2025, q: int = 1) -> Period:
    return Period.get(Period.Kind.QUARTER, year_start, q)


def financial_year(year_start: int = 2025) -> Period:
    return Period.get(Period.Kind.FINANCIAL_YEAR, year_start)


class QuarterReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterReturn
        django_get_or_create = ("period",)

    period = factory.LazyFunction(lambda: quarter(2025, 1))


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.LazyFunction(lambda: quarter(2025, 1))
    numerator = Decimal("12")
    denominator = Decimal("120")
    value = Decimal("10.00")
    status = IndicatorValue.Status.PROVISIONAL


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.LazyFunction(lambda: financial_year(2025))
    value = Decimal("9.0")


class ComparatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comparator

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.LazyFunction(lambda: financial_year(2024))
    area = Comparator.Area.ENGLAND
    value = Decimal("10.0")
    source = "dfe"
    source_name = "la_cla_placement_stability.csv"
    source_row = 2


def released(*periods: Period, status: str = QuarterReturn.Status.SIGNED_OFF) -> None:
    """Give each quarter a return the board may read (signed off unless `status` says otherwise), unless it
    already has one: board members see a quarter's figures only once it is submitted or signed off."""
    for period in periods:
        QuarterReturnFactory(period=period, status=status)


def return_import(*, period=None, value=3, as_at=None, fake=False):
    """An SSDA903 import (aggregates only) with one computed figure, "looked_after" (children in care)."""
    import datetime as dt

    from performance.models import ComputedFigure, ReturnImport

    period = period or quarter(2025, 1)
    record = ReturnImport.objects.create(
        collection_year=period.year_start + 1,
        as_at=as_at or period.end_date,
        period=period,
        files=[{"name": "episodes.csv", "sha256": "ab" * 32, "size": 100, "table": "episodes"}],
        quality={"invalid_code": 2, "overlap": 1},
        status=ReturnImport.Status.APPLIED,
        is_fake_data=fake,
        imported_at=dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC),
    )
    ComputedFigure.objects.create(source=record, key="looked_after", period=period, value=value, unit="count")
    return record
