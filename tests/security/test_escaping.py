"""Names and text that administrators and officers type are shown as text: escaped, never run as template code.

Every admin- or officer-editable name is set to template syntax and HTML, then every page that shows it is
fetched as a role that can see it. The page must not fail, must not contain the raw markup, must show the
escaped text exactly as typed (so "{{7*7}}" is not "49" and no template tag ran), and must not leak the
session id that "{{ request.COOKIES.sessionid }}" asks for. Adding a name is one line in NAMES; a page, one
line in PAGES.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.template import RequestContext, Template
from django.urls import reverse
from django.utils.html import escape

from cpboard.core.forms import PlainFieldset
from performance.models import Indicator, QuarterReturn
from tests.factories.accounts import UserFactory
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OutcomeAreaFactory,
    QuarterReturnFactory,
    quarter,
)

# Template code (a variable that would leak the session, arithmetic Django's templates refuse, a tag with a
# side effect) and HTML. Each name gets a short tag in front so a failure says which name leaked where.
PAYLOAD = '{{ request.COOKIES.sessionid }} {{7*7}} <script>alert(1)</script> "q" & {% now "Y" %}'


def hostile(tag: str) -> str:
    return f"{tag}: {PAYLOAD}"


@dataclass(frozen=True)
class Name:
    """A name someone can edit: which record (a key of the `world` fixture) and field, and the pages
    (keys of PAGES) that show it."""

    record: str
    field: str
    pages: tuple[str, ...]

    @property
    def tag(self) -> str:
        return f"{self.record}.{self.field}"


@dataclass(frozen=True)
class Page:
    url_name: str
    role: str  # a fixture in tests/conftest.py
    kwargs: tuple[tuple[str, object], ...] = ()  # a value naming a `world` record stands for its pk
    pdf: bool = False  # a PDF download: check the HTML it is made from


INDICATOR_PAGES = (
    "dashboard",
    "indicator-detail",
    "indicator-list",
    "indicator-edit",
    "target-edit",
    "print",
)
FIGURE_PAGES = ("value-detail", "value-revise", "comparator-detail", "comparator-edit", "quarter-edit")
PERSON_PAGES = ("person-list", "person-detail", "person-edit", "person-history")

NAMES = [
    Name(
        "area",
        "name",
        ("dashboard", "indicator-detail", "indicator-list", "indicator-edit", "target-edit", "print"),
    ),
    Name("indicator", "title", (*INDICATOR_PAGES, *FIGURE_PAGES)),
    Name("indicator", "definition", ("indicator-detail", "indicator-edit")),
    Name("indicator", "cohort", ("indicator-detail", "indicator-edit")),
    Name("indicator", "source", ("indicator-detail", "indicator-edit")),
    Name("indicator", "numerator_label", ("indicator-edit", "value-detail", "quarter-edit")),
    Name("indicator", "denominator_label", ("indicator-edit", "value-detail", "quarter-edit")),
    Name("indicator", "questions", ("indicator-detail", "indicator-edit")),
    Name("quarter", "commentary", ("quarter-edit",)),
    Name("signed_off", "commentary", ("indicator-detail", "value-detail", "signed-off-quarter")),
    Name("figure", "commentary", ("indicator-detail", "value-detail")),
    Name("person", "first_name", PERSON_PAGES),
    Name("person", "last_name", PERSON_PAGES),
    Name("person", "organisation", PERSON_PAGES),
    Name("person", "job_title", ("person-detail", "person-edit", "person-history")),
]

PAGES = {
    "dashboard": Page("performance:dashboard", "board_member"),
    "indicator-detail": Page("performance:indicator-detail", "board_member", (("code", "XSS-1"),)),
    "value-detail": Page("performance:value-detail", "board_member", (("pk", "figure"),)),
    "indicator-list": Page("performance:indicator-list", "officer"),
    "indicator-edit": Page("performance:indicator-edit", "officer", (("code", "XSS-1"),)),
    "target-edit": Page("performance:target-edit", "officer", (("year", 2025),)),
    "comparator-edit": Page("performance:comparator-edit", "officer", (("code", "XSS-1"), ("year", 2024))),
    "comparator-detail": Page("performance:comparator-detail", "board_member", (("pk", "comparator"),)),
    "print": Page("performance:dashboard-pdf", "officer", pdf=True),
    "quarter-edit": Page("performance:quarter-edit", "officer", (("year", 2025), ("quarter", 2))),
    "signed-off-quarter": Page(
        "performance:quarter-edit", "senior_officer", (("year", 2025), ("quarter", 1))
    ),
    "value-revise": Page("performance:value-revise", "officer", (("pk", "figure"),)),
    "person-list": Page("accounts:person-list", "admin_user"),
    "person-detail": Page("accounts:person-detail", "admin_user", (("pk", "person"),)),
    "person-edit": Page("accounts:person-edit", "admin_user", (("pk", "person"),)),
    "person-history": Page(
        "core:record-history",
        "admin_user",
        (("app_label", "accounts"), ("model_name", "user"), ("pk", "person")),
    ),
}


@pytest.fixture
def world(db):
    """One of each record, every editable name set to the hostile text. Q1 is signed off (so its figure can
    be revised); Q2 is a draft an officer can edit."""
    area = OutcomeAreaFactory(slug="hostile", name="area.name: " + PAYLOAD)
    indicator = IndicatorFactory(
        code="XSS-1", outcome_area=area, unit=Indicator.Unit.PERCENT, is_proportion=True
    )
    signed_off = QuarterReturnFactory(period=quarter(2025, 1), status=QuarterReturn.Status.SIGNED_OFF)
    draft = QuarterReturnFactory(period=quarter(2025, 2))
    figure = IndicatorValueFactory(indicator=indicator, period=quarter(2025, 1))
    IndicatorValueFactory(indicator=indicator, period=quarter(2025, 2))
    comparator = ComparatorFactory(indicator=indicator)
    person = UserFactory(username="hostile-person")
    records = {"area": area, "indicator": indicator, "quarter": draft, "figure": figure, "person": person}
    records.update(comparator=comparator, signed_off=signed_off)
    for name in NAMES:  # set after creation, so the History page has a change to show
        setattr(records[name.record], name.field, hostile(name.tag))
    for record in records.values():
        record.save()
    return records


def page_url(page: Page, world) -> str:
    kwargs = {key: world[value].pk if value in world else value for key, value in page.kwargs}
    return reverse(page.url_name, kwargs=kwargs)


@pytest.mark.parametrize("page_key", list(PAGES))
def test_editable_names_are_shown_escaped_and_never_run(page_key, world, client_as, request, monkeypatch):
    page = PAGES[page_key]
    client = client_as(request.getfixturevalue(page.role))
    printed = []
    if page.pdf:
        monkeypatch.setattr(
            "performance.packs.render_pdf", lambda html, **kw: printed.append(html) or b"%PDF-"
        )
    response = client.get(page_url(page, world))
    assert response.status_code == 200
    html = printed[0] if page.pdf else response.content.decode()
    session_id = client.cookies["sessionid"].value
    assert session_id not in html
    assert "<script>alert(1)</script>" not in html
    assert "{{7*7}}" in html and "{% now" in html  # shown as typed
    shown = [name for name in NAMES if page_key in name.pages]
    assert shown, f"no name is said to show on {page_key}"
    # Compared in lower case: a page may print a label in lower case ("12 children ..., out of 120 ...").
    missing = [name.tag for name in shown if escape(hostile(name.tag)).lower() not in html.lower()]
    assert missing == [], f"{page_key} does not show these names exactly as typed (escaped): {missing}"


def test_every_page_shows_some_name():
    assert {page for name in NAMES for page in name.pages} == set(PAGES)


class HostileForm(forms.Form):
    """Every kind of text the govuk pack prints, each set to the hostile text."""

    text = forms.CharField(label=hostile("label"), help_text=hostile("hint"))
    agree = forms.BooleanField(label=hostile("checkbox label"), help_text=hostile("checkbox hint"))
    pick = forms.ChoiceField(
        label=hostile("radios legend"), choices=[("a", hostile("choice"))], widget=forms.RadioSelect
    )
    many = forms.MultipleChoiceField(
        label=hostile("checkboxes legend"),
        choices=[("b", hostile("option"))],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            PlainFieldset(hostile("fieldset legend"), "text", "agree", "pick", "many")
        )

    def clean(self):
        self.add_error("text", hostile("error"))
        raise forms.ValidationError(hostile("form error"))


@pytest.mark.parametrize("summary", [True, False], ids=["error_summary tag", "pack's own summary"])
def test_the_pack_prints_every_label_hint_error_and_legend_as_text(summary, rf):
    form = HostileForm(data={"text": "x", "pick": "a", "many": ["b"]})
    assert not form.is_valid()
    source = "{% load crispy_forms_tags govuk_forms %}" + ("{% error_summary form %}" if summary else "")
    request = rf.get("/", HTTP_COOKIE="sessionid=not-for-the-page")
    html = Template(source + "{% crispy form %}").render(RequestContext(request, {"form": form}))
    assert "<script>" not in html and "not-for-the-page" not in html
    for tag in ("label", "hint", "checkbox label", "checkbox hint", "radios legend", "choice"):
        assert escape(hostile(tag)) in html, tag
    for tag in ("checkboxes legend", "option", "fieldset legend", "error", "form error"):
        assert escape(hostile(tag)) in html, tag


def test_crispy_fieldset_is_not_used_directly():
    """crispy's Fieldset runs its legend as template code; the project uses PlainFieldset (cpboard/core/forms.py).
    crispy's HTML layout object and bootstrap Alert run their text the same way, so they are kept out too."""
    import ast
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    evaluating = {"Fieldset", "HTML", "Alert"}
    offenders = []
    for folder in ("cpboard", "performance", "pledge", "visits", "training"):
        for path in (repo / folder).rglob("*.py"):
            if path == repo / "cpboard/core/forms.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("crispy_forms"):
                    names = evaluating & {alias.name for alias in node.names}
                elif isinstance(node, ast.Import):
                    names = {alias.name for alias in node.names if alias.name.startswith("crispy_forms")}
                else:
                    continue
                if names:
                    offenders.append(f"{path.relative_to(repo)}:{node.lineno}: {', '.join(sorted(names))}")
    assert offenders == [], "Use cpboard.core.forms.PlainFieldset:\n" + "\n".join(offenders)
