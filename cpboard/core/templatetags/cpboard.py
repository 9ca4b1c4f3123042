"""Project-wide template helpers: dates, small-number disclosure, links to history."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from cpboard.core import disclosure

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    meta = obj._meta
    return reverse("core:record-history", args=[meta.app_label, meta.model_name, obj.pk])


@register.filter
def ukdate(value) -> str:
    """DD/MM/YYYY, the only date format people see."""
    if not value:
        return ""
    from django.utils import timezone

    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


@register.filter
def disclosed(count, user) -> str:
    """{{ count|disclosed:user }}: the count, or "fewer than 5" for someone who may not see it."""
    return disclosure.disclosed_count(count, user)


@register.simple_tag
def glossary_url(slug: str) -> str:
    """The glossary's entry for a term: /glossary/#rag. An unknown term is an error, never a dead link."""
    from cpboard.core.glossary import BY_SLUG

    if slug not in BY_SLUG:
        raise template.TemplateSyntaxError(f"The glossary has no term {slug!r} (cpboard/core/glossary.py).")
    return f"{reverse('core:glossary')}#{slug}"


@register.simple_tag
def glossary_link(slug: str, text: str = "") -> str:
    """A link to a term in the glossary; the text defaults to the term's own name."""
    from cpboard.core.glossary import terms

    if not text:
        text = next(t["term"] for t in terms() if t["slug"] == slug) if slug else ""
    return format_html('<a class="govuk-link" href="{}">{}</a>', glossary_url(slug), text)


@register.simple_tag
def breadcrumbs(*trail) -> str:
    """GOV.UK breadcrumbs: the pages above this one, each a URL name (labelled as in the menu, so a crumb
    says what the page's heading says) or a record (its name, linked to its page). The current page is not
    in the trail. `{% breadcrumbs "core:home" "performance:dashboard" indicator %}`."""
    from cpboard.core.navigation import label_for

    crumbs = []
    for step in trail:
        if step is None or step == "":
            continue
        if isinstance(step, str):
            crumbs.append((reverse(step), label_for(step)))
        else:
            crumbs.append((step.get_absolute_url(), str(step)))
    items = format_html_join(
        "",
        '<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="{}">{}</a></li>',
        crumbs,
    )
    return format_html(
        '<nav class="govuk-breadcrumbs govuk-breadcrumbs--collapse-on-mobile" aria-label="Breadcrumb">'
        '<ol class="govuk-breadcrumbs__list">{}</ol></nav>',
        items,
    )
