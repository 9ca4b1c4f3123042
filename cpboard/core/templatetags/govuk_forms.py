"""GOV.UK Frontend 6 form markup: the error summary, and the helpers behind the
`govuk` crispy-forms template pack (cpboard/core/templates/govuk/).

    {% load crispy_forms_tags govuk_forms %}
    {% error_summary form %}            {# or: {% error_summary form formset other_form %} #}
    {% crispy form %}                   {# or: {{ form|crispy }} #}

Each form given to ``error_summary`` is marked as summarised, so the pack's
errors.html does not show a second summary for it; a form rendered without an
``error_summary`` on the page still gets one, at the top of the form.
"""

from __future__ import annotations

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.template.loader import render_to_string

register = template.Library()

SUMMARY_TITLE = "There is a problem"
SHOWN_ATTR = "_govuk_error_summary_shown"
BLANK_LABEL = "---------"  # Django's BLANK_CHOICE_DASH: no place among radios

# Widget-specific base class for the control, and its error modifier.
CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
    "multi": ("govuk-input", "govuk-input--error"),
}
# Fixed widths for inputs whose answer has a known length, unless the widget
# already sets a width (attrs={"class": "govuk-input--width-20"} etc.).
DEFAULT_WIDTHS = (
    (forms.DateInput, "govuk-input--width-10"),
    (forms.DateTimeInput, "govuk-input--width-20"),
    (forms.TimeInput, "govuk-input--width-5"),
    (forms.NumberInput, "govuk-input--width-10"),
)
NO_SPELLCHECK = (forms.EmailInput, forms.PasswordInput, forms.URLInput)


def field_kind(bf) -> str:
    """Which GOV.UK component renders this bound field."""
    widget = bf.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.MultiWidget | forms.SelectDateWidget):
        return "multi"
    return "input"


def field_id(bf) -> str:
    return bf.field.widget.attrs.get("id") or bf.auto_id or bf.html_name


def _items(bf, kind):
    """Radio or checkbox options, from Django's own subwidgets (so the
    submitted/initial value decides what is checked)."""
    items = []
    for sub in bf.subwidgets:
        data = sub.data
        if kind == "radios" and data["value"] in ("", None) and str(data["label"]) == BLANK_LABEL:
            continue
        items.append(
            {
                "id": data["attrs"].get("id", ""),
                "name": data["name"],
                "value": "" if data["value"] is None else str(data["value"]),
                "label": data["label"],
                "checked": data["selected"],
            }
        )
    return items


def summary_href(bf) -> str:
    """What the error summary links to: the control, or a group's first option."""
    kind = field_kind(bf)
    if kind in ("radios", "checkboxes"):
        items = _items(bf, kind)
        if items and items[0]["id"]:
            return items[0]["id"]
    if bf.id_for_label:
        return bf.id_for_label
    return f"{field_id(bf)}_0" if kind == "multi" else field_id(bf)


def _control_classes(bf, kind, has_error) -> str:
    widget = bf.field.widget
    base, error = CONTROL_CLASSES[kind]
    if kind == "multi":
        subwidgets = getattr(widget, "widgets", None)  # None: SelectDateWidget, three selects
        if subwidgets is None or all(isinstance(w, forms.Select) for w in subwidgets):
            base, error = CONTROL_CLASSES["select"]
    own = widget.attrs.get("class", "").split()
    classes = [base] + [c for c in own if c != base]
    if kind == "input" and not any("width" in c for c in own):
        classes += [width for cls, width in DEFAULT_WIDTHS if isinstance(widget, cls)][:1]
    if has_error and error:
        classes.append(error)
    return " ".join(classes)


@register.simple_tag(takes_context=True)
def govuk_field(context, bf):
    """Everything field.html needs to render one bound field."""
    kind = field_kind(bf)
    ident = field_id(bf)
    show_errors = context.get("form_show_errors", True)
    errors = list(bf.errors) if show_errors else []
    g = {
        "kind": kind,
        "id": ident,
        "label": bf.label,
        "show_label": context.get("form_show_labels", True),  # False: visually hidden, never absent
        # "(optional)" after the label; a field a draft may leave blank but a later step needs (a quarter's
        # figures, needed to submit it) sets `shown_optional = False`
        "optional": getattr(bf.field, "shown_optional", not bf.field.required)
        and kind not in ("checkbox", "hidden"),
        "hint": bf.help_text,
        "hint_id": f"{ident}-hint" if bf.help_text else "",
        "errors": errors,
        "error_id": f"{ident}-error" if errors else "",
        "items": [],
        "widget": "",
        "group_class": "",
        "label_for": summary_href(bf),
    }
    described = [x for x in (g["hint_id"], g["error_id"]) if x]
    g["describedby"] = " ".join(described)
    if kind == "hidden":
        g["widget"] = bf.as_widget()
    elif kind in ("radios", "checkboxes"):
        g["items"] = _items(bf, kind)
        g["disabled"] = bf.field.disabled
        g["group_class"] = bf.field.widget.attrs.get("class", "")  # e.g. govuk-radios--inline
    else:
        attrs = {"class": _control_classes(bf, kind, bool(errors))}
        own = bf.field.widget.attrs.get("aria-describedby", "")
        if described or own:
            attrs["aria-describedby"] = " ".join([*described, *own.split()])
        if isinstance(bf.field.widget, NO_SPELLCHECK) and "spellcheck" not in bf.field.widget.attrs:
            attrs["spellcheck"] = "false"
        g["widget"] = bf.as_widget(attrs=attrs)
    return g


@register.filter
def govuk_button_classes(input_obj) -> str:
    """crispy's Submit/Button/Reset carry Bootstrap classes; keep only ours."""
    own = [c for c in input_obj.field_classes.split() if not c.startswith("btn")]
    if input_obj.input_type in ("button", "reset") and not any(c.startswith("govuk-button--") for c in own):
        own.append("govuk-button--secondary")
    return " ".join(["govuk-button", *own])


def _summary_items(obj):
    if obj is None or obj == "":
        return
    if isinstance(obj, BaseFormSet):
        setattr(obj, SHOWN_ATTR, True)
        for error in obj.non_form_errors():
            yield {"text": error}
        for form in obj.forms:
            yield from _summary_items(form)
        return
    setattr(obj, SHOWN_ATTR, True)
    if not getattr(obj, "is_bound", False):
        return
    for error in obj.non_field_errors():
        yield {"text": error}
    for bf in obj:
        href = None if bf.is_hidden else "#" + summary_href(bf)
        for error in bf.errors:
            yield {"text": error, "href": href}


def summary_context(*objs) -> dict:
    items = [item for obj in objs for item in _summary_items(obj)]
    return {"items": items, "title": SUMMARY_TITLE}


@register.inclusion_tag("components/_error_summary.html")
def error_summary(*objs):
    """{% error_summary form [formset ...] %}: nothing unless there are errors."""
    return summary_context(*objs)


@register.simple_tag
def govuk_fallback_summary(obj):
    """Used by the pack's errors.html: a summary only if the page did not
    already show one for this form/formset."""
    if obj is None or obj == "" or getattr(obj, SHOWN_ATTR, False):
        return ""
    return render_to_string("components/_error_summary.html", summary_context(obj))
