"""Danish line-end hyphen repair: each rule, named after the case it guards, plus
properties that hold for any word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkrparse.hyphen import SOFT_HYPHEN, Lexicon, join_at_hyphen, url_continues
from kkrparse.paragraphs import join_texts
from kkrparse.patterns import SUSPENSION_WORDS

CASES = [
    # soft breaks, including points pyphen would not choose and words used only once
    ("politi-", "ske", "politiske", "default_join"),
    ("varig-", "hed.", "varighed.", "default_join"),
    ("forhandlingspro-", "cessen", "forhandlingsprocessen", "default_join"),
    ("forhandlingsp-", "rocessen", "forhandlingsprocessen", "default_join"),
    ("Arbejds-", "markeds-", "Arbejdsmarkeds-", "default_join"),
    ("(Bio-", "manufacturing", "(Biomanufacturing", "default_join"),
    ("e-han-", "del.", "e-handel.", "default_join"),
    ("politi" + SOFT_HYPHEN, "ske", "politiske", "soft_hyphen_char"),
    # real hyphens
    ("SOSU-", "uddannelserne", "SOSU-uddannelserne", "acronym_or_number"),
    ("SOSU-", "assistentuddannelsen", "SOSU-assistentuddannelsen", "acronym_or_number"),
    ("COVID-", "19", "COVID-19", "acronym_or_number"),
    ("REACT-", "EU-program", "REACT-EU-program", "acronym_or_number"),
    ("II-", "projekterne", "II-projekterne", "acronym_or_number"),
    ("20-", "24-årige", "20-24-årige", "acronym_or_number"),
    ("IT-", "Branchen", "IT-Branchen", "acronym_or_number"),
    ("9.30-", "12.30.", "9.30-12.30.", "acronym_or_number"),  # regression: "kl. 9.3012.30"
    ("(2022-", "2026)", "(2022-2026)", "acronym_or_number"),
    ("CO2-", "fangst", "CO2-fangst", "acronym_or_number"),
    ("Ahlefeldt-", "Laurvig", "Ahlefeldt-Laurvig", "capital_after"),
    ("e-", "boks.", "e-boks.", "one_letter_prefix"),
    ("e-", "handel", "e-handel", "one_letter_prefix"),
    # suspended compounds keep hyphen and space
    ("bygge-", "og", "bygge- og", "suspended_compound"),
    ("erhvervs-", "eller", "erhvervs- eller", "suspended_compound"),
    # dashes standing alone and URLs
    ("-", "herunder", "- herunder", "standalone_dash"),
    ("–", "i", "– i", "standalone_dash"),
    ("https://www.kl.dk/media/26427/referat-til-moede-i-kkr-sjaelland-den-", "1-februar-2021.pdf",
     "https://www.kl.dk/media/26427/referat-til-moede-i-kkr-sjaelland-den-1-februar-2021.pdf", "url"),
]  # fmt: skip


@pytest.mark.parametrize(("left", "right", "expected", "rule"), CASES)
def test_join_rules(left: str, right: str, expected: str, rule: str) -> None:
    j = join_at_hyphen(left, right, Lexicon())
    assert (j.text, j.rule) == (expected, rule)


def test_document_evidence_keeps_a_hyphen_the_document_uses_mid_line() -> None:
    lexicon = Lexicon()
    lexicon.add_line_words(["lære-pladsaftaler", "og"])
    assert join_at_hyphen("lære-", "pladsaftaler", lexicon).text == "lære-pladsaftaler"


def test_document_evidence_joins_a_word_the_document_uses_joined() -> None:
    lexicon = Lexicon()
    lexicon.add_line_words(["indtil", "juni"])
    j = join_at_hyphen("ind-", "til", lexicon)
    assert (j.text, j.rule) == ("indtil", "document_joined")


def test_without_evidence_a_break_before_til_is_a_suspended_compound() -> None:
    assert join_at_hyphen("ind-", "til", Lexicon()).text == "ind- til"


letters = st.text(alphabet="abcdefghijklmnoprstuvyæøå", min_size=4, max_size=18)


@given(word=letters, data=st.data())
def test_any_lowercase_word_broken_anywhere_is_rejoined(word: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=2, max_value=len(word) - 2))
    left, right = word[:cut], word[cut:]
    if right in SUSPENSION_WORDS:
        return  # that is the suspended-compound rule's case
    assert join_at_hyphen(left + "-", right, Lexicon()).text == word


@given(
    acronym=st.text(alphabet="ABCDEFGHIJKLMNOPRSTUVYÆØÅ", min_size=2, max_size=6),
    word=letters,
)
def test_a_hyphen_after_an_acronym_is_always_kept(acronym: str, word: str) -> None:
    assert join_at_hyphen(acronym + "-", word, Lexicon()).text == f"{acronym}-{word}"


@given(
    path=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
        min_size=2,
        max_size=6,
    ),
    data=st.data(),
)
def test_a_url_wrapped_at_any_hyphen_is_rejoined_exactly(
    path: list[str], data: st.DataObject
) -> None:
    url = "https://www.kl.dk/" + "-".join(path)
    cuts = [i + 1 for i, ch in enumerate(url) if ch == "-"]
    cut = data.draw(st.sampled_from(cuts))
    assert join_at_hyphen(url[:cut], url[cut:], Lexicon()).text == url


@given(
    path=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8),
        min_size=2,
        max_size=5,
    ),
    data=st.data(),
)
def test_a_url_wrapped_after_a_slash_is_rejoined_without_a_space(
    path: list[str], data: st.DataObject
) -> None:
    url = "https://www.kl.dk/" + "/".join(path) + ".pdf"
    # Never between the scheme's two slashes: no line may break before a slash.
    cuts = [i + 1 for i, ch in enumerate(url) if ch == "/" and i > len("https:/")]
    cut = data.draw(st.sampled_from(cuts))
    joined = join_texts([f"se {url[:cut]}", f"{url[cut:]} for mere"], [1, 1], Lexicon())
    assert joined.text == f"se {url} for mere"
    assert [d.rule for d in joined.hyphens] == ["url_wrap"]


def test_a_sentence_after_a_url_that_ends_with_a_slash_keeps_its_space() -> None:
    joined = join_texts(
        ["side: https://www.kl.dk/politik/kkr/", "Blandt de fora"], [1, 1], Lexicon()
    )
    assert joined.text == "side: https://www.kl.dk/politik/kkr/ Blandt de fora"
    assert url_continues("https://", "Blandt")


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("øvrige/", "nye", "øvrige/nye"),
        ("elektrificering/", "batteridrift", "elektrificering/batteridrift"),
        ("(og/", "eller)", "(og/eller)"),
    ],
)
def test_a_word_broken_after_a_slash_is_rejoined_without_a_space(
    left: str, right: str, joined: str
) -> None:
    result = join_texts([f"de {left}", f"{right} ønsker"], [1, 1], Lexicon())
    assert result.text == f"de {joined} ønsker"
    assert [d.rule for d in result.hyphens] == ["slash_wrap"]


def test_a_slash_standing_alone_keeps_its_spaces() -> None:
    assert join_texts(["KKR /", "KL"], [1, 1], Lexicon()).text == "KKR / KL"


@given(
    left=st.text(alphabet="abcæøå", min_size=1, max_size=8),
    right=st.text(alphabet="abcæøå", min_size=1, max_size=8),
)
def test_words_without_a_slash_or_hyphen_are_joined_with_a_space(left: str, right: str) -> None:
    assert join_texts([left, right], [1, 1], Lexicon()).text == f"{left} {right}"


def test_a_hyphen_set_apart_joins_when_the_document_uses_the_joined_word() -> None:
    """pdftotext prints LibreOffice's justified-text hyphen with a space before it."""
    lexicon = Lexicon()
    lexicon.add_line_words(["et", "mere", "sammenhængende", "Danmark"])
    joined = join_texts(["et mere sammen -", "hængende Danmark."], [1, 1], lexicon)
    assert joined.text == "et mere sammenhængende Danmark."
    assert [(d.left, d.rule) for d in joined.hyphens] == [("sammen -", "document_joined")]
    # Without that evidence it is a dash standing alone ("Region Sjælland -"/"herunder").
    text = join_texts(["Region Sjælland -", "herunder Movia"], [1, 1], lexicon).text
    assert text == "Region Sjælland - herunder Movia"
