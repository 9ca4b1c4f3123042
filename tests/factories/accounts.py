import factory
from django.contrib.auth.models import Group

from cpboard.accounts.models import User
from cpboard.core.roles import ROLES

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    # Realistic but repeatable names (random ones, e.g. with apostrophes, made HTML assertions flaky).
    first_name = factory.Iterator(
        ["Amira", "Ben", "Chloe", "Dev", "Ellen", "Femi", "Grace", "Harry", "Ines", "Jon"]
    )
    last_name = factory.Iterator(
        ["Shah", "Walsh", "Okafor", "Brennan", "Kowalski", "Hughes", "Patel", "Murray"]
    )
    email = factory.LazyAttribute(lambda o: f"{o.username}@thistledon.example")
    organisation = "Thistledon Council"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[ROLES[slug].name for slug in extracted]))
        if create:
            self.save()


def person_form_data(person, **changes) -> dict:
    """What the "Change details and roles" form posts for `person`, with `changes` applied."""
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "username": person.username,
        "organisation": person.organisation,
        "job_title": person.job_title,
        "is_active": "on",
        "version": person.version,
        "roles": [],
    }
    data.update(changes)
    return data
