"""Spotting personal details in free text before anyone outside the team that checks it reads it.

Children's survey messages ("I really like my social worker Sue and I trust her") and visit reports can name
people and places. Before such text goes to the board, an officer reads it; `find(text)` points out what may
identify someone, so nothing is missed:

* **names**: a word after a title ("Mrs Patel") or after a person's role ("my social worker steff", "my
  brother Tom"), a common first name anywhere, and capitalised words in the middle of a sentence that are
  not ordinary words;
* **dates of birth**: any full date, and a day and month after "born" or "birthday";
* **phone numbers** (UK mobile, landline and +44 forms), **email addresses**;
* **addresses**: postcodes, house numbers with a street ("12 Cherry Road"), named streets ("Cherry Rd") and
  named homes ("Oak House", "Cherry Rd Children's Home");
* **schools**: "St Anne's Primary", "Thistledon High School", "Millbrook Academy".

It is a helper, not a guarantee: it flags too much rather than too little, and a person still reads every
word. Each `Flag` says where it is (`start`, `end` in the text), what it found and why, in words to show the
officer. `highlighted(text, flags)` gives the text as HTML with each flag marked, every character escaped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Flag:
    start: int
    end: int
    text: str
    kind: str  # one of KINDS
    reason: str

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


KINDS = {
    "name": "Name",
    "date-of-birth": "Date of birth",
    "phone": "Phone number",
    "email": "Email address",
    "address": "Address",
    "postcode": "Postcode",
    "school": "School",
}

# Which kind wins when two flags overlap: the more specific finding is the one worth explaining.
_PRIORITY = {"email": 0, "phone": 1, "postcode": 2, "date-of-birth": 3, "school": 4, "address": 5, "name": 6}

# --- Patterns -------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# UK numbers: 07700 900123, 0151 496 0000, (0161) 4960000, +44 7700 900123, 020-7946-0000. Ten or eleven
# digits from a leading 0 (or +44 then nine or ten), with spaces, dots or hyphens between groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|\(?0)(?:[\s.)-]{0,2}\d){9,10}(?!\d)")
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_NUMERIC_DATE = re.compile(r"\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:19|20)?\d{2}\b")
_WORDED_DATE = re.compile(
    rf"\b(?:(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?|(?:{_MONTHS})\.?\s+"
    rf"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?)\s+(?:19|20)\d{{2}}\b",
    re.IGNORECASE,
)
_BIRTHDAY = re.compile(
    rf"\b(?:born|birthday|b'?day|d\.?o\.?b\.?|date of birth)\b[^.!?\n]{{0,20}}?"
    rf"\b((?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})|(?:{_MONTHS})\s+"
    rf"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?|(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2]))\b",
    re.IGNORECASE,
)
_STREET_TYPES = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|place|pl|grove|gardens|"
    "gdns|terrace|walk|row|square|sq|mews|park|view|rise|hill|parade"
)
_CAP = r"[A-Z][a-z']+"
# "12 Cherry Road", "12a Mill Lane", "Flat 3, 4 Oak Way": a number, then one to three words and a street type.
_HOUSE_AND_STREET = re.compile(
    rf"\b(?:flat\s+\d+\w?,?\s+)?\d{{1,4}}[a-z]?,?\s+(?:[A-Za-z']+\s+){{1,3}}(?:{_STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
# "Cherry Rd", "Bank Street": a capitalised word and a street type (capitalised too, or an abbreviation).
_NAMED_STREET = re.compile(
    rf"\b(?:{_CAP}\s+){{1,2}}(?:Road|Rd|Street|St(?=\s|$|[.,!?])|Avenue|Ave|Lane|Close|Drive|Way|Crescent|"
    rf"Court|Place|Grove|Gardens|Terrace|Walk|Row|Square|Mews|Rise|Parade)\b\.?"
)
# "Oak House", "Cherry Rd Children's Home", "Willow Lodge": where children live can identify them.
_NAMED_HOME = re.compile(
    rf"\b(?:{_CAP}\s+){{1,3}}(?:Rd\s+|Road\s+)?(?:House|Lodge|Cottage|Hall|Children'?s\s+Home|Home)\b"
)
_SCHOOL = re.compile(
    rf"\b(?:St\.?\s+)?(?:{_CAP}\s+){{1,3}}(?:C\s?of\s?E\s+|Catholic\s+|RC\s+|Church\s+of\s+England\s+)?"
    rf"(?:(?:Primary|Secondary|High|Junior|Infants?|Grammar|Community|Special|Sixth\s+Form)\s+)*"
    rf"(?:Primary|Secondary|High\s+School|High|Junior|Infants?|Academy|College|School|Grammar)\b"
)
_TITLE_NAME = re.compile(rf"\b(?:Mr|Mrs|Miss|Ms|Mx|Dr|Sir|Auntie|Aunty|Uncle|Nan|Nana|Grandma)\.?\s+{_CAP}")

# People a child may name straight after saying who they are to them: "my social worker Sue", "nan Pat".
_ROLES = (
    "social worker|worker|key worker|support worker|personal adviser|advisor|adviser|foster carer|carer|"
    "foster mum|foster dad|foster mother|foster father|teacher|head teacher|headteacher|IRO|reviewing officer|"
    "advocate|manager|mentor|counsellor|therapist|nurse|doctor|brother|sister|half brother|half sister|"
    "step brother|step sister|stepbrother|stepsister|mum|mam|mom|mother|dad|father|nan|nana|gran|granny|"
    "grandma|grandad|grandpa|auntie|aunty|aunt|uncle|cousin|friend|best friend|boyfriend|girlfriend|"
    "partner|baby|son|daughter|neighbour"
)
# Straight after the role any word may be a name ("social worker steff"); after "is" only a capitalised one
# ("my social worker is Sue", not "is brilliant").
_AFTER_ROLE = re.compile(
    rf"\b(?:{_ROLES})(?:(?:,|\s+is|\s+called|\s+named)\s+(?-i:([A-Z][a-z'-]+))|,?\s+(?-i:([A-Za-z][a-z'-]+)))",
    re.IGNORECASE,
)
# Lower-case words that read as verbs or adverbs ("my carer rang", "my social worker usually") are not names.
_VERB_ENDINGS = ("s", "ed", "ing", "ly", "n't")
_CALLED = re.compile(r"\b(?:called|named|name is|name's|[Ii] am|[Ii]'m)\s+([A-Z][a-z'-]+)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Ordinary words that follow a role or start with a capital without being anyone's name.
_NOT_NAMES = _words(
    """
    a about after again all always am an and any anything are aren't around as at away back bad be because
    been before being best better big both but by came can can't care cares come comes coming could couldn't
    did didn't do does doesn't doing don't done down each even ever every everything far feel feels few for
    found from fun gave get gets getting give gives go goes going gone good got great had has hasn't have
    haven't he helped helps her here him his home how i if in into is isn't it it's just keeps kind know
    knows left let like likes listen listens little lives look looks lot lots made make makes many may me
    might more most much must my need needs never new next nice no nor not nothing now of off often ok okay
    old on once one only or other our out over own people phone phoned phones please quite rarely really
    right said same saw say says see seen sees she should shouldn't since so some someone something sometimes
    soon still such sure take takes talk talks tell tells than thank thanks that the their them then there
    these they thing things think this those though through time to told too tried tries try trying two
    understand understands until up us use used very visit visits visited want wants was wasn't way we
    well went were weren't what when where which while who why will with without won't works would wouldn't
    yes yet you your also cos cause coz though rang ran met sent kept put sat spoke wrote taught thought
    brought bought took came gave told left made let
    i'd i'll i've we're we've they're you're let's
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december christmas easter eid diwali ramadan halloween
    mum dad mam nan gran god allah english maths science school college uni university xbox playstation
    ps5 switch minecraft fortnite roblox youtube tiktok instagram snapchat whatsapp facebook google iphone
    ipad netflix lego football rugby cricket swimming gym scouts guides cadets
    council councillor councillors social services children's home care pledge survey board ofsted
    british england scotland wales ireland europe africa asia arabic urdu polish kurdish pashto dari tigrinya
    ok hi hello sorry dear yours love from
    """
)

# Common first names (a short list of our own), caught in lower case or at the start of a sentence too; names
# that are also everyday words (Grace, Mark, Amber) are left to the capital-letter rule.
_FIRST_NAMES = _words(
    """
    aaliyah abdul abigail adam ahmed aiden aisha alex alexander alfie alice amelia amy andrew anna
    archie arthur ava ayesha bella ben benjamin beth bethany billy bobby callum charlie charlotte chloe
    chris christine claire connor daisy daniel danny dave david declan dylan eleanor elijah ella ellie emily
    emma ethan evie finley freddie freya gemma george hannah harley harper harry harvey heather
    henry isaac isabella isla isobel jack jackson jacob jake james jamie jane jason jayden
    jennifer jess jessica joanne joe joel john jordan joseph joshua julie kai karen kate katie kayla kevin
    kian kieran kyle layla leah leo lewis liam lily logan louie louis lucas lucy luke maisie maria 
    martin mary mason matthew megan mia michael millie mohammed molly muhammad nathan niamh noah
    oliver olivia oscar owen paige patrick paul peter phoebe poppy rachel reece rhys riley robert
    ryan sam samuel sara sarah sasha scarlett sean sharon sophie stacey steff steph stephen steve
    sue susan theo thomas tom tommy tony tyler victoria william yusuf zac zain zara zoe becci becky
    """
)

_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”()]\s*$")


def _add(flags: list[Flag], text: str, start: int, end: int, kind: str, reason: str) -> None:
    while end > start and text[end - 1] in " .,":
        end -= 1
    if end > start:
        flags.append(Flag(start, end, text[start:end], kind, reason))


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start]
    return not before.strip() or bool(_SENTENCE_END.search(before))


def _ordinary(word: str) -> bool:
    """An everyday word (or the council's own name), also as a plural or possessive: "Fridays", "Mum's"."""
    lower = word.lower()
    for candidate in (lower, lower.removesuffix("'s"), lower.removesuffix("s")):
        if candidate in _NOT_NAMES or candidate in _place_words():
            return True
    return False


@functools.cache
def _place_words() -> frozenset[str]:
    """The words of the council's and board's names: "Thistledon" is where everyone lives, not a person."""
    from django.conf import settings

    names = f"{settings.COUNCIL_NAME} {settings.BOARD_NAME}"
    return frozenset(w.lower() for w in _WORD.findall(names))


def _names(text: str, flags: list[Flag], known_names: Iterable[str]) -> None:
    known = {n.strip().lower() for n in known_names if n.strip()}
    for match in _TITLE_NAME.finditer(text):
        _add(flags, text, match.start(), match.end(), "name", "A title before it, as in a person's name")
    for match in _AFTER_ROLE.finditer(text):
        group = 2 if match.group(2) else 1
        word = match.group(group)
        if _ordinary(word) or (word.islower() and word.endswith(_VERB_ENDINGS)):
            continue
        role = re.sub(r"\s+(is|called|named)$", "", text[match.start() : match.start(group)].strip(" ,"))
        _add(
            flags,
            text,
            match.start(group),
            match.end(group),
            "name",
            f"Follows \u201c{role}\u201d: could be their name",
        )
    for match in _CALLED.finditer(text):
        if not _ordinary(match.group(1)):
            _add(
                flags,
                text,
                match.start(1),
                match.end(1),
                "name",
                "Follows \u201ccalled\u201d or \u201cI am\u201d: a name",
            )
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.lower()[:-2] if word.lower().endswith("'s") else word.lower()
        if lower in known:
            _add(
                flags, text, match.start(), match.end(), "name", "A name on the list of names to look out for"
            )
        elif lower in _FIRST_NAMES:
            _add(flags, text, match.start(), match.end(), "name", "A common first name")
        elif (
            word[0].isupper()
            and len(word) > 1
            and not _ordinary(word)
            and not word.isupper()
            and not _starts_sentence(text, match.start())
        ):
            _add(
                flags,
                text,
                match.start(),
                match.end(),
                "name",
                "A capital letter mid-sentence: could be a name",
            )


def find(text: str, *, known_names: Iterable[str] = ()) -> list[Flag]:
    """The likely personal details in `text`, in order, none overlapping (the most specific kept).
    `known_names`: names to look out for as well (staff, homes), matched as whole words in any case."""
    if not text:
        return []
    flags: list[Flag] = []
    for match in _EMAIL.finditer(text):
        _add(flags, text, match.start(), match.end(), "email", "Looks like an email address")
    for match in _PHONE.finditer(text):
        _add(flags, text, match.start(), match.end(), "phone", "Looks like a phone number")
    for match in _POSTCODE.finditer(text):
        _add(flags, text, match.start(), match.end(), "postcode", "Looks like a postcode")
    for pattern in (_NUMERIC_DATE, _WORDED_DATE):
        for match in pattern.finditer(text):
            _add(
                flags,
                text,
                match.start(),
                match.end(),
                "date-of-birth",
                "A full date: could be a date of birth",
            )
    for match in _BIRTHDAY.finditer(text):
        _add(
            flags,
            text,
            match.start(1),
            match.end(1),
            "date-of-birth",
            "A date next to \u201cborn\u201d or \u201cbirthday\u201d",
        )
    for match in _SCHOOL.finditer(text):
        _add(flags, text, match.start(), match.end(), "school", "Looks like the name of a school or college")
    for match in _HOUSE_AND_STREET.finditer(text):
        _add(flags, text, match.start(), match.end(), "address", "A house number and street: an address")
    for match in _NAMED_HOME.finditer(text):
        _add(flags, text, match.start(), match.end(), "address", "Looks like the name of a home or a house")
    for match in _NAMED_STREET.finditer(text):
        _add(flags, text, match.start(), match.end(), "address", "Looks like the name of a street")
    _names(text, flags, known_names)
    return _without_overlaps(flags)


def _without_overlaps(flags: list[Flag]) -> list[Flag]:
    """Keep the most specific of overlapping flags (then the longest); a name inside a school's or a
    street's name is part of that finding, not a second one."""
    kept: list[Flag] = []
    for flag in sorted(flags, key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start)):
        if all(flag.end <= other.start or flag.start >= other.end for other in kept):
            kept.append(flag)
    return sorted(kept, key=lambda f: f.start)


def highlighted(text: str, flags: list[Flag]) -> SafeString:
    """The text as HTML, each flag in a <mark> that says what it may be; everything escaped."""
    parts: list[str] = []
    position = 0
    for flag in sorted(flags, key=lambda f: f.start):
        parts.append(escape(text[position : flag.start]))
        parts.append(
            format_html(
                '<mark class="cp-flag" title="{}">{}<span class="govuk-visually-hidden"> ({})</span></mark>',
                flag.reason,
                text[flag.start : flag.end],
                flag.kind_label.lower(),
            )
        )
        position = flag.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
