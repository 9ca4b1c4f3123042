"""The personal-details check that officers see before a child's message (or a visit report) reaches the board."""

from __future__ import annotations

import pytest

from cpboard.core.personal_details import KINDS, find, highlighted


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(flag.kind, flag.text) for flag in find(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I really like my social worker Sue and I trust her.", ("name", "Sue")),
        ("We all think our social worker steff is brilliant", ("name", "steff")),
        ("My social worker is Dana.", ("name", "Dana")),
        ("my foster mum, Jan, is lovely", ("name", "Jan")),
        ("my nan Pat takes me swimming", ("name", "Pat")),
        ("Mrs Okonkwo is the best", ("name", "Mrs Okonkwo")),
        ("I'm Jo and I live with carers", ("name", "Jo")),
        ("Everyone calls me Kez at my new place, my name is Kezia", ("name", "Kezia")),
        ("I went to the park with Tyler.", ("name", "Tyler")),
        ("thank you to everyone and especially Rhiannon Pryce", ("name", "Rhiannon")),
    ],
)
def test_likely_names_are_flagged(text, expected):
    assert expected in found(text)


def test_a_surname_after_a_first_name_is_flagged_too():
    assert found("I really like my social worker Sue Wade and I trust her.") == [
        ("name", "Sue"),
        ("name", "Wade"),
    ]


def test_a_first_name_in_lower_case_or_at_the_start_of_a_sentence_is_still_flagged():
    assert ("name", "Jordan") in found("Jordan is my best mate at the home.")
    assert ("name", "kayla") in found("me and kayla go to cadets")


@pytest.mark.parametrize(
    "text",
    [
        "My social worker is brilliant and she listens.",
        "I enjoy being with foster carers but want to go home to Mum and Dad.",
        "Sometimes I don't like the social worker coming to our home and talking to me.",
        "I don't know how to get in touch with my social worker but my mum does",
        "I want the leisure pass cos I've asked for one and not got one!",
        "I play Minecraft on my Xbox on Saturdays and go to Scouts on Monday.",
        "Thank you for helping me. I'm loving it at my new placement.",
        "My carer rang me when I was at football.",
        "Thistledon Council should listen more.",  # the council's own name is where everyone lives
        "",
    ],
)
def test_everyday_sentences_are_not_flagged(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "text me on 07700 900123",
        "my number is 07700900123",
        "ring 0151 496 0000 after school",
        "call (0161) 496 0000",
        "my nan's is 020-7946-0000",
        "+44 7700 900 123 is my phone",
        "+447700900123",
    ],
)
def test_phone_numbers_are_flagged(text):
    assert [kind for kind, _ in found(text)] == ["phone"]


def test_short_numbers_and_years_are_not_phone_numbers():
    assert found("I have had 5 social workers in 4 years since 2021, about 12 times.") == []


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("email me at jo.bloggs@example.com please", "jo.bloggs@example.com"),
        ("its kid_123+survey@mail.co.uk", "kid_123+survey@mail.co.uk"),
    ],
)
def test_email_addresses_are_flagged_whole(text, email):
    assert found(text) == [("email", email)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 12 Cherry Road now", ("address", "12 Cherry Road")),
        ("we moved to 4a mill lane last year", ("address", "4a mill lane")),
        ("I am so happy at Cherry Rd Children's Home", ("address", "Cherry Rd Children's Home")),
        ("I live at Oak House with three others", ("address", "Oak House")),
        ("the shop on Bank Street is closed", ("address", "Bank Street")),
        ("my postcode is TL4 7QX", ("postcode", "TL4 7QX")),
        ("it's l18 2ab i think", ("postcode", "l18 2ab")),
        ("EC1A 1BB", ("postcode", "EC1A 1BB")),
    ],
)
def test_addresses_homes_and_postcodes_are_flagged(text, expected):
    assert expected in found(text)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("I was born on 03/05/2014", "03/05/2014"),
        ("born 3.5.14 in hospital", "3.5.14"),
        ("my date of birth is 14th February 2011", "14th February 2011"),
        ("since March 3, 2019 I have been here", "March 3, 2019"),
        ("my birthday is 3rd May", "3rd May"),
        ("it's my b'day on 12 June!", "12 June"),
        ("DOB 21/11", "21/11"),
    ],
)
def test_dates_that_could_be_a_date_of_birth_are_flagged(text, date):
    assert ("date-of-birth", date) in found(text)


def test_a_day_and_month_on_their_own_are_not_a_date_of_birth():
    assert found("we went to the seaside on 3rd May and it rained") == []


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("I go to St Anne's Primary", "St Anne's Primary"),
        ("my brother goes to Thistledon High School", "Thistledon High School"),
        ("Millbrook Academy is good", "Millbrook Academy"),
        ("I started at Riverside College in September", "Riverside College"),
        ("Greenhill Junior", "Greenhill Junior"),
    ],
)
def test_school_names_are_flagged(text, school):
    assert ("school", school) in found(text)


def test_a_school_in_general_is_not_flagged():
    assert found("I like my school and my teacher helps me with maths.") == []


def test_names_the_council_gives_are_looked_for_in_any_case():
    assert ("name", "oakwood") in found("we went to oakwood on the bus", known_names=["Oakwood"])
    assert found("we went to oakwood on the bus") == []


def test_overlapping_findings_keep_the_most_specific():
    # "Anne" would be a name, but it is part of the school's name: one flag, the school.
    assert found("She goes to St Anne's Primary.") == [("school", "St Anne's Primary")]
    # the digits of an email address are not also a phone number
    assert found("07700900123@example.com") == [("email", "07700900123@example.com")]


def test_flags_say_where_they_are_and_why():
    text = "Ring Sue on 07700 900123."
    flags = find(text)
    assert [(f.start, f.end) for f in flags] == [(5, 8), (12, 24)]
    assert all(text[f.start : f.end] == f.text for f in flags)
    assert flags[1].reason == "Looks like a phone number"
    assert flags[1].kind_label == "Phone number"
    assert {f.kind for f in flags} <= set(KINDS)


def test_findings_are_in_the_order_of_the_text_and_never_overlap():
    flags = find("Mrs Patel, 12 Cherry Road, TL4 7QX, 07700 900123, a@b.com, Tom, born 01/02/2013")
    starts = [f.start for f in flags]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(flags, flags[1:], strict=False))
    assert {f.kind for f in flags} == {"name", "address", "postcode", "phone", "email", "date-of-birth"}


def test_highlighting_escapes_everything_and_marks_each_flag():
    text = "<script>alert('x')</script> my social worker Sue & me"
    html = highlighted(text, find(text))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; me" in html
    assert '<mark class="cp-flag" title="Follows “social worker”: could be their name">Sue' in html
    assert html.count("<mark") == 1


def test_highlighting_with_no_flags_is_the_escaped_text():
    assert highlighted("a < b", []) == "a &lt; b"
