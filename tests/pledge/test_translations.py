"""The Arabic interface words: every one translated, and the committed .mo compiled from the committed .po (CI may
have no gettext to compile it)."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries() -> list[dict[str, str]]:
    entries: list[dict[str, str]] = []
    field = ""
    for line in PO.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        match = re.match(r"(msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$", line)
        if match:
            field = match[1]
            if field == "msgid":
                entries.append({})
            entries[-1][field] = ast.literal_eval(match[2])
        elif line.startswith('"') and entries:
            entries[-1][field] += ast.literal_eval(line)
    return entries[1:]  # the first is the header


def test_every_interface_word_has_an_arabic_translation():
    entries = _entries()
    assert len(entries) > 50
    for entry in entries:
        strings = [v for k, v in entry.items() if k.startswith("msgstr")]
        assert strings and all(strings), entry["msgid"]
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def test_the_compiled_catalogue_matches_the_words():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in _entries():
        if "msgid_plural" in entry:
            assert catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[1]"]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_django_finds_the_arabic():
    with translation.override("ar"):
        assert translation.gettext("Skip this question") == "تخطَّ هذا السؤال"
        assert translation.get_language_bidi()
