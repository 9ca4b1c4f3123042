from django import template
from django.utils.html import conditional_escape, format_html

from cpboard.core.templatetags.cpboard import history_url
from performance.reporting.presentation import format_value

register = template.Library()


@register.filter
def coord(value) -> str:
    """An SVG coordinate to one decimal place ("12.3"): the charts draw hundreds of them per page, and Django's
    floatformat (locale, Decimal) costs several times as much for the same text."""
    return f"{float(value):.1f}"


@register.filter
def unit_value(value, unit: str) -> str:
    """A target or comparator in its indicator's unit: 12.3%, 65.0 per 10,000, 412 days."""
    return "Not published" if value is None else format_value(value, unit)


@register.filter
def record_value(record, unit: str) -> str:
    """A comparator's (or any record's) figure in its indicator's unit, "less than 0.5%" for the DfE's "k"."""
    if record.value is None:
        return "Not published"
    return format_value(record.value, unit, rounds_to_zero=getattr(record, "rounds_to_zero", False))


@register.simple_tag
def figure(shown, *, link: str = "", period: str = "", status: bool = False, print: bool = False) -> str:  # noqa: A002
    """One figure (a Shown from performance.reporting.scorecard) as a person may see it: its text (a number,
    "No figure", "Not published" or the small-number wording), optionally linked, with its period and status,
    and, for a comparator, which one by name ("Median of 10 statistical neighbours", on a line of its own).
    The one figure cell of every table, page and PDF; a tag rather than an included template because the
    dashboard shows four per indicator, and 240 template includes cost a fifth of its time.

      link    "page": to the record's own page (explain this number, a comparator); "history": its History page
      period  "below": on a line of its own; "after": in brackets after the figure
      status  say when a figure of ours is not yet published (provisional, revised)
      print   print markup (board packs and PDFs)"""
    record = shown.record
    if record is not None and link == "page":
        text = format_html('<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), shown.text)
    elif record is not None and link == "history":
        text = format_html('<a class="govuk-link" href="{}">{}</a>', history_url(record), shown.text)
    else:
        text = conditional_escape(shown.text)
    about = getattr(shown, "about", "")
    if record is None or period not in ("below", "after"):
        if about:
            return format_html("{}<br>{}", text, _small(about, print))
        return text
    if period == "after":
        text = format_html("{} ({})", text, shown.period_label)
        return format_html("{}<br>{}", text, _small(about, print)) if about else text
    note = ""
    if status and not print and getattr(record, "status", "published") != "published":
        note = f", {record.status_label.lower()}"  # "draft" while its quarter is one (officers only)
    text = format_html("{}<br>{}", text, _small(f"{shown.period_label}{note}", print))
    return format_html("{}<br>{}", text, _small(about, print)) if about else text


def _small(words: str, print: bool) -> str:  # noqa: A002
    if print:
        return format_html("<small>{}</small>", words)
    return format_html('<span class="govuk-body-s cp-muted">{}</span>', words)


@register.simple_tag(takes_context=True)
def dfe_source(context, record, indicator) -> str:
    """Where a DfE figure comes from, as people know it: the publication's title, linked to its page on
    Explore Education Statistics, and the year ("Children looked after in England including adoptions,
    2024-25 (DfE)"). Officers also see the file and line it was read from, on a second line."""
    from performance.dfe import MEASURES
    from performance.reference.dfe_publications import publication_for

    file_name = getattr(record, "source_name", "")
    if not file_name:
        measure = MEASURES.get(indicator.dfe_measure)
        file_name = measure.file if measure is not None else ""
    publication = publication_for(file_name)
    year = record.period.label
    if publication is not None:
        said = format_html(
            '<a class="govuk-link" href="{}">{}</a>, {} (DfE)', publication.url, publication.title, year
        )
    else:
        said = format_html("Department for Education published statistics, {}", year)
    user = context.get("user")
    if user is not None and user.has_perm("performance.change_comparator"):
        detail = f"{file_name}, line {record.source_row}" if file_name and record.source_row else file_name
        if detail:
            said = format_html('{}<br><span class="govuk-body-s cp-muted">File: {}</span>', said, detail)
    return said
