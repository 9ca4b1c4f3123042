"""The History page: who changed which field, from what, to what, and when."""

import pytest
from django.urls import reverse

from cpboard.accounts.models import User
from tests.factories.accounts import UserFactory, person_form_data

pytestmark = pytest.mark.django_db


def _edit(client, person, **changes):
    return client.post(reverse("accounts:person-edit", args=[person.pk]), person_form_data(person, **changes))


def test_a_record_edited_twice_shows_both_changes_with_their_authors(client, client_as, admin_user):
    second_admin = UserFactory(
        username="second-admin", first_name="Rita", last_name="Okoro", roles=["administrator"]
    )
    person = UserFactory(username="cllr-lee", first_name="Sam", last_name="Lee", job_title="Councillor")

    assert _edit(client_as(admin_user), person, job_title="Vice-chair").status_code == 302
    person.refresh_from_db()
    client.logout()
    assert _edit(client_as(second_admin), person, organisation="Thistledon Borough").status_code == 302

    client.logout()
    page = client_as(admin_user).get(reverse("core:record-history", args=["accounts", "user", person.pk]))
    html = page.content.decode()
    assert f"Changed by {admin_user.get_full_name()}" in html
    assert "Councillor" in html and "Vice-chair" in html
    assert "Changed by Rita Okoro" in html
    assert "Thistledon Borough" in html
    entries = page.context["entries"]
    assert [e.who for e in entries[:2]] == ["Rita Okoro", admin_user.get_full_name()]
    assert [(c.field, c.old, c.new) for c in entries[1].changes] == [
        ("Job title or position", "Councillor", "Vice-chair")
    ]


def test_history_shows_choice_labels_and_blank_values_in_plain_english(client_as, admin_user):
    person = UserFactory(username="someone", organisation="")
    person.is_active = False
    person._history_user = admin_user
    person.save()
    entries = (
        client_as(admin_user)
        .get(reverse("core:record-history", args=["accounts", "user", person.pk]))
        .context["entries"]
    )
    assert ("Active", "Yes", "No") in [(c.field, c.old, c.new) for c in entries[0].changes]


def test_history_of_unknown_kind_of_record_is_not_found(client_as, admin_user):
    response = client_as(admin_user).get(reverse("core:record-history", args=["auth", "permission", 1]))
    assert response.status_code == 404


def test_history_needs_permission_to_see_that_kind_of_record(client_as, board_member):
    person = UserFactory(username="private-person")
    response = client_as(board_member).get(
        reverse("core:record-history", args=["accounts", "user", person.pk])
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=person.pk).exists()


def test_every_audited_model_says_who_may_see_its_history():
    """Fail closed: each audited model of every one of our apps (project_apps) has a `visible_to(user)`
    QuerySet/manager method or declares `history_visible_to_all = True`; otherwise its History page is 404."""
    from cpboard.core.apps import project_apps
    from cpboard.core.views import history_visibility

    audited = [
        model
        for config in project_apps()
        for model in config.get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
    ]
    assert {m._meta.label for m in audited} >= {"accounts.User", "core.StoredFile", "performance.Indicator"}
    undeclared = [model._meta.label for model in audited if history_visibility(model) is None]
    assert undeclared == [], (
        "Give these models a visible_to(user) QuerySet method, or history_visible_to_all = True if everyone "
        "with the view permission may see every row's history:\n" + "\n".join(undeclared)
    )


def test_a_model_that_does_not_say_who_may_see_it_has_no_history_page(client_as, admin_user, monkeypatch):
    person = UserFactory(username="someone-else")
    url = reverse("core:record-history", args=["accounts", "user", person.pk])
    assert client_as(admin_user).get(url).status_code == 200
    monkeypatch.delattr(User, "history_visible_to_all")
    assert client_as(admin_user).get(url).status_code == 404


def test_the_declaration_is_not_inherited():
    from cpboard.core.views import history_visibility

    class Base:
        history_visible_to_all = True

    class Child(Base):
        _default_manager = User._default_manager

    assert history_visibility(Child) is None


def test_a_visible_to_method_decides_which_rows_have_a_history_page(client_as, officer, monkeypatch):
    from performance.models import IndicatorQuerySet
    from tests.factories.performance import IndicatorFactory

    shown, hidden = IndicatorFactory(), IndicatorFactory(code="HIDDEN")
    monkeypatch.setattr(
        IndicatorQuerySet,
        "visible_to",
        lambda self, user: self.exclude(pk=hidden.pk),
        raising=False,
    )
    client = client_as(officer)

    def status(value):
        return client.get(reverse("core:record-history", args=["performance", "indicator", value.pk]))

    assert status(shown).status_code == 200
    assert status(hidden).status_code == 404


def test_history_shows_labels_titles_and_units_not_field_names_and_codes(client_as, officer):
    """ "Dfe measure: health_assessment" and "Amber tolerance 3.00" were what the page said."""
    from decimal import Decimal

    from cpboard.core.locking import save_audited
    from performance.models import Indicator
    from tests.factories.performance import IndicatorFactory, OutcomeAreaFactory

    indicator = IndicatorFactory(
        code="HEALTH", unit=Indicator.Unit.PERCENT, dfe_measure="", tolerance=Decimal("2.00"), is_active=True
    )
    indicator.dfe_measure = "health_assessment"
    indicator.tolerance = Decimal("3.00")
    indicator.polarity = Indicator.Polarity.NEITHER
    indicator.is_active = False
    indicator.outcome_area = OutcomeAreaFactory(slug="healthy", name="Being healthy")
    save_audited(indicator, by=officer, reason="Test")
    entries = (
        client_as(officer)
        .get(reverse("core:record-history", args=["performance", "indicator", indicator.pk]))
        .context["entries"]
    )
    changes = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert changes["DfE measure"] == (
        "(blank)",
        "Children in care 12+ months with their annual health assessment",
    )
    assert changes["Amber tolerance"] == ("2 percentage points", "3 percentage points")
    assert changes["Polarity"][1] == "Neither (context only)"
    assert changes["Shown on the dashboard"] == ("Yes", "No")
    assert changes["Outcome area"][1] == "Being healthy"
    assert not any("_" in c.new for c in entries[0].changes)


def test_numbers_in_history_have_no_trailing_zeros():
    from decimal import Decimal

    from cpboard.core.history import display_value, plain_decimal
    from performance.models import Target

    assert [plain_decimal(Decimal(v)) for v in ("3.00", "12.50", "1234.5", "10")] == [
        "3",
        "12.5",
        "1,234.5",
        "10",
    ]
    assert display_value(Target, "value", Decimal("14.50")) == "14.5"
