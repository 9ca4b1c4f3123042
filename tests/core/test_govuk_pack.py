"""The `govuk` crispy-forms pack and {% error_summary %} produce GOV.UK Frontend 6
markup: errors summarised and linked, shown beside their fields, values kept,
labels tied to their controls. No database is used."""

from html.parser import HTMLParser

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Button, Submit
from django import forms
from django.template import Context, Template

PAGE = "{% load crispy_forms_tags govuk_forms %}{% error_summary form %}{% crispy form %}"
VOID = {"input", "br", "img", "hr", "meta", "link"}


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=5, help_text="As it appears on the record")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    team = forms.ChoiceField(label="Team", choices=[("", "Choose a team"), ("a", "Alpha"), ("b", "Beta")])
    agree = forms.BooleanField(label="I have checked the details")
    colour = forms.ChoiceField(
        label="RAG rating",
        choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green")],
        widget=forms.RadioSelect,
        help_text="Choose one",
    )
    topics = forms.MultipleChoiceField(
        label="Topics", choices=[("x", "Health"), ("y", "Education")], widget=forms.CheckboxSelectMultiple
    )
    due = forms.DateField(label="Due date", help_text="For example, 27/03/2026")
    evidence = forms.FileField(label="Evidence")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save"))
        self.helper.add_input(Button("cancel", "Cancel", css_class="govuk-button--secondary"))

    def clean(self):
        raise forms.ValidationError("These details do not match our records")


BAD_DATA = {
    "name": "Alexander",  # too long
    "notes": "Typed notes",
    "team": "",  # required
    "colour": "blue",  # not a choice
    "due": "31/02/2026",  # not a date
    "token": "abc",
}  # agree, topics and evidence missing


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None):
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)]

    def by_id(self, ident):
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"expected one element with id={ident!r}, found {len(found)}"
        return found[0]

    def ancestor(self, cls):
        node = self.parent
        while node is not None and cls not in node.classes:
            node = node.parent
        return node


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = Node("root", [], None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        if node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


def render(form, source=PAGE):
    html = Template(source).render(Context({"form": form, "csrf_token": "test-token"}))
    return html, parse(html)


def bad_page():
    form = ExampleForm(data=BAD_DATA)
    assert not form.is_valid()
    return render(form)


def squash(text):
    return " ".join(text.split())


def test_error_summary_links_to_each_field_with_an_error():
    html, doc = bad_page()
    (summary,) = doc.find_all("div", "govuk-error-summary")
    assert summary.attrs["data-module"] == "govuk-error-summary"
    assert squash(summary.find_all("h2", "govuk-error-summary__title")[0].text()) == "There is a problem"
    links = summary.find_all("a")
    hrefs = [a.attrs["href"] for a in links]
    assert hrefs == [
        "#id_name",
        "#id_team",
        "#id_agree",
        "#id_colour_0",  # a radio group links to its first option
        "#id_topics_0",
        "#id_due",
        "#id_evidence",
    ]
    for href in hrefs:  # every link lands on a real control
        assert doc.by_id(href[1:]).tag in ("input", "select", "textarea")
    assert squash(links[0].text()) == "Ensure this value has at most 5 characters (it has 9)."


def test_non_field_errors_are_plain_items_in_the_summary():
    html, doc = bad_page()
    items = doc.find_all("div", "govuk-error-summary")[0].find_all("li")
    assert squash(items[0].text()) == "These details do not match our records"
    assert not items[0].find_all("a")
    assert html.count("These details do not match our records") == 1


def test_one_summary_only_and_only_when_there_are_errors():
    html, _ = bad_page()
    assert html.count('data-module="govuk-error-summary"') == 1
    unbound, _ = render(ExampleForm())
    assert "govuk-error-summary" not in unbound
    # Without {% error_summary %} on the page the form still shows one, inside the form.
    alone, doc = render(ExampleForm(data=BAD_DATA), "{% load crispy_forms_tags %}{% crispy form %}")
    assert alone.count('data-module="govuk-error-summary"') == 1
    assert doc.find_all("form")[0].find_all("div", "govuk-error-summary")
    several, _ = render(ExampleForm(data=BAD_DATA), "{% load govuk_forms %}{% error_summary form None %}")
    assert several.count('data-module="govuk-error-summary"') == 1


def test_errors_sit_beside_their_fields_with_a_hidden_prefix():
    html, doc = bad_page()
    for ident, control_id in [
        ("id_name", "id_name"),
        ("id_team", "id_team"),
        ("id_agree", "id_agree"),
        ("id_due", "id_due"),
        ("id_evidence", "id_evidence"),
        ("id_colour", "id_colour_0"),
        ("id_topics", "id_topics_0"),
    ]:
        message = doc.by_id(f"{ident}-error")
        assert message.tag == "p"
        assert message.classes == ["govuk-error-message"]
        prefix = message.find_all("span")[0]
        assert prefix.classes == ["govuk-visually-hidden"]
        assert prefix.text() == "Error:"
        assert squash(message.text()).startswith("Error: ")
        group = message.ancestor("govuk-form-group")
        assert "govuk-form-group--error" in group.classes
        assert doc.by_id(control_id).ancestor("govuk-form-group") is group
    for ident, error_class in [
        ("id_name", "govuk-input--error"),
        ("id_team", "govuk-select--error"),
        ("id_due", "govuk-input--error"),
        ("id_evidence", "govuk-file-upload--error"),
    ]:
        control = doc.by_id(ident)
        assert error_class in control.classes
        assert f"{ident}-error" in control.attrs["aria-describedby"].split()
    # Groups of radios/checkboxes are described on their fieldset.
    fieldset = doc.by_id("id_colour_0").ancestor("govuk-fieldset")
    assert "id_colour-error" in fieldset.attrs["aria-describedby"].split()
    assert "id_agree-error" in doc.by_id("id_agree").attrs["aria-describedby"].split()
    # Fields without errors are left alone.
    notes = doc.by_id("id_notes")
    assert "govuk-textarea--error" not in notes.classes
    assert "govuk-form-group--error" not in notes.ancestor("govuk-form-group").classes


def test_typed_values_are_kept():
    _, doc = bad_page()
    assert doc.by_id("id_name").attrs["value"] == "Alexander"
    assert doc.by_id("id_due").attrs["value"] == "31/02/2026"
    assert doc.by_id("id_notes").text().strip() == "Typed notes"
    hidden = {"type": "hidden", "name": "token", "value": "abc", "id": "id_token"}
    assert doc.by_id("id_token").attrs == hidden
    data = {**BAD_DATA, "team": "b", "colour": "amber", "topics": ["y"], "agree": "on"}
    _, doc = render(ExampleForm(data=data))
    options = doc.by_id("id_team").find_all("option")
    assert [o.attrs["value"] for o in options if "selected" in o.attrs] == ["b"]
    assert "checked" in doc.by_id("id_colour_1").attrs
    assert "checked" not in doc.by_id("id_colour_0").attrs
    assert "checked" in doc.by_id("id_topics_1").attrs
    assert "checked" in doc.by_id("id_agree").attrs


def test_labels_are_tied_to_their_controls():
    _, doc = bad_page()
    labels = {label.attrs["for"]: squash(label.text()) for label in doc.find_all("label")}
    for control in doc.find_all():
        if control.tag in ("input", "select", "textarea") and control.attrs.get("type") != "hidden":
            assert control.attrs["id"] in labels, control.attrs
    for target in labels:
        doc.by_id(target)  # no dangling for=
    assert labels["id_name"] == "Full name"
    assert labels["id_colour_0"] == "Red"
    assert labels["id_agree"] == "I have checked the details"
    assert "govuk-label" in doc.by_id("id_name").parent.find_all("label")[0].classes
    legend = doc.by_id("id_colour_0").ancestor("govuk-fieldset").find_all("legend")[0]
    assert "govuk-fieldset__legend" in legend.classes
    assert squash(legend.text()) == "RAG rating"


def test_optional_fields_say_so_and_required_ones_have_no_asterisk():
    html, doc = bad_page()
    labels = {label.attrs["for"]: squash(label.text()) for label in doc.find_all("label")}
    assert labels["id_notes"] == "Notes (optional)"
    assert labels["id_team"] == "Team"
    assert labels["id_evidence"] == "Evidence"
    assert "*" not in html


def test_hints_are_linked_by_aria_describedby():
    _, doc = bad_page()
    hint = doc.by_id("id_name-hint")
    assert "govuk-hint" in hint.classes
    assert squash(hint.text()) == "As it appears on the record"
    assert doc.by_id("id_name").attrs["aria-describedby"].split() == ["id_name-hint", "id_name-error"]
    assert doc.by_id("id_due").attrs["aria-describedby"].split() == ["id_due-hint", "id_due-error"]
    fieldset = doc.by_id("id_colour_0").ancestor("govuk-fieldset")
    assert fieldset.attrs["aria-describedby"].split() == ["id_colour-hint", "id_colour-error"]
    assert "aria-describedby" not in doc.by_id("id_notes").attrs


def test_widgets_get_govuk_components():
    _, doc = bad_page()
    assert "govuk-input" in doc.by_id("id_name").classes
    assert "govuk-textarea" in doc.by_id("id_notes").classes
    assert "govuk-select" in doc.by_id("id_team").classes
    assert "govuk-file-upload" in doc.by_id("id_evidence").classes
    assert doc.by_id("id_agree").ancestor("govuk-checkboxes").classes == [
        "govuk-checkboxes",
        "govuk-checkboxes--small",
    ]
    radios = doc.by_id("id_colour_0").ancestor("govuk-radios")
    assert radios.attrs["data-module"] == "govuk-radios"
    values = [i.attrs["value"] for i in radios.find_all("input", "govuk-radios__input")]
    assert values == ["red", "amber", "green"]
    assert doc.by_id("id_topics_0").ancestor("govuk-checkboxes").attrs["data-module"] == "govuk-checkboxes"


def test_form_tag_and_buttons():
    _, doc = bad_page()
    (form,) = doc.find_all("form")
    assert form.attrs["method"] == "post"
    assert form.attrs["enctype"] == "multipart/form-data"
    assert "novalidate" in form.attrs
    assert doc.find_all("input", None)[0].attrs["name"] == "csrfmiddlewaretoken"
    save, cancel = form.find_all("button")
    assert save.classes == ["govuk-button"]
    assert (save.attrs["type"], save.attrs["name"], squash(save.text())) == ("submit", "save", "Save")
    assert save.attrs["data-module"] == "govuk-button"
    assert cancel.classes == ["govuk-button", "govuk-button--secondary"]
    assert cancel.attrs["type"] == "button"


def test_crispy_filter_uses_the_pack():
    form = ExampleForm(data=BAD_DATA)
    source = "{% load crispy_forms_tags govuk_forms %}{% error_summary form %}{{ form|crispy }}"
    html, doc = render(form, source)
    assert html.count('data-module="govuk-error-summary"') == 1
    assert "govuk-form-group--error" in doc.by_id("id_name").ancestor("govuk-form-group").classes
    assert not doc.find_all("form")
