"""Drift scorer: unit tests per feature, highlight offsets, and the seed acceptance pairs.

Most cases are rows of tables, (original, candidate, ..., expected), one table per kind of check."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import seed

from transcheck.drift import Analyzer, analyzer, drift_settings, negation_cues, numbers, quotes, score_pairs, tokenize


def one(orig: str, cand: str, sim: float = 0.9):
    return score_pairs([orig], [cand], np.array([sim], dtype=np.float32))[0]


def codes(r):
    return {x.code for x in r.reasons}


def check_offsets(orig, cand, r):
    for h in r.highlights:
        assert cand[h.start : h.end] == h.text, h
    for h in r.original_highlights:
        assert orig[h.start : h.end] == h.text, h
    for reason in r.reasons:
        for h in reason.spans:
            assert cand[h.start : h.end] == h.text


def _findings(o: str, c: str, code: str, cosine: float = 0.85, words=None) -> list:
    """The findings of one kind for the pair (original, candidate)."""
    return [f for f in Analyzer().evidence(o, c, cosine, words).findings if f.code == code]


def _check_findings(found: list, expected) -> None:
    """``expected``: whether there is a finding (bool), their messages (list), or a text that one of
    their messages holds (str)."""
    messages = [f.message for f in found]
    if isinstance(expected, bool):
        assert bool(messages) == expected, messages
    elif isinstance(expected, str):
        assert any(expected in m for m in messages), messages
    else:
        assert messages == expected


def _check_values(values: dict[str, float], expected: dict[str, float], findings: list) -> None:
    for feature, value in expected.items():
        assert values[feature] == value, (feature, [f.message for f in findings])


def test_settings():
    s = drift_settings()
    assert 0 < s["threshold"] < 1
    assert 0 < s["paraphrase_threshold"] <= 1
    assert s["features"] and s["version"]


def test_identical_is_match():
    r = one("Sales rose 12% on Monday.", "Sales rose 12% on Monday.", 1.0)
    assert r.status == "match" and not r.drifted and r.reasons == []


@pytest.mark.parametrize("text, expected", [
    ("It cost 1,000 dollars", ["1000"]),
    ("It cost 1000 dollars", ["1000"]),
    ("It cost one thousand dollars", ["1000"]),
    ("up 12 percent", ["12%"]),
    ("up 12%", ["12%"]),
    ("twenty-five people", ["25"]),
    ("3.5 million", ["3500000"]),
])
def test_numbers_normalised(text, expected):
    assert [x.value for x in numbers(text, tokenize(text))] == expected


# (original, candidate, similarity, drifted, reason code, text of its message, candidate highlights
# (text, kind), original highlights); None: not checked
SCORED_CASES = [
    pytest.param("Sales rose 12% on Monday.", "Sales rose 15% on Monday.", 0.97, True, "number", "'12%' became '15%'",
                 [("15%", "number")], None, id="number"),
    pytest.param("The summit will be held on Monday in Helsinki.", "The summit will be held on Friday in Helsinki.",
                 0.95, None, "date", None, [("Friday", "weekday")], None, id="weekday"),
    pytest.param("The minister did not sign the agreement.", "The minister did sign the agreement.", 0.9, True,
                 "negation", "'not' dropped", None, ["not"], id="negation-dropped"),
    pytest.param("He knows the answer.", "He doesn’t know the answer.", 0.85, True, "negation", None, None, None,
                 id="contracted-negation-added"),
    pytest.param("Oil prices increased sharply on Tuesday.", "Oil prices decreased sharply on Tuesday.", 0.93, True,
                 "antonym", "'increased' became 'decreased'", None, None, id="antonym"),
    pytest.param("He said the plan would work.", "She said the plan would work.", 0.9, None, "gender", None, None, None,
                 id="gender"),
]


@pytest.mark.parametrize("o, c, sim, drifted, code, message, highlights, original_highlights", SCORED_CASES)
def test_scored_pair(o, c, sim, drifted, code, message, highlights, original_highlights):
    r = one(o, c, sim)
    if drifted is not None:
        assert r.drifted == drifted
    assert code in codes(r)
    if message is not None:
        assert any(x.code == code and message in x.message for x in r.reasons)
    if highlights is not None:
        assert [(h.text, h.kind) for h in r.highlights] == highlights
    if original_highlights is not None:
        assert [h.text for h in r.original_highlights] == original_highlights
    check_offsets(o, c, r)


def test_entity_missing_and_case_insensitive():
    o = "The talks were attended by Putin and Trump."
    r = one(o, "The talks were attended by Trump.", 0.88)
    assert any(x.code == "entity" and "'Putin' missing" in x.message for x in r.reasons)
    r2 = one("Donald Trump spoke.", "Donald trump spoke.", 0.99)
    assert "entity" not in codes(r2) and not r2.drifted


def test_sentence_initial_capital_is_not_a_name():
    r = one("Cyanuric acid was found in the samples.", "cyanuric acid was found in the samples.", 0.99)
    assert r.reasons == [] and r.status == "match"


@pytest.mark.parametrize("text, expected", [
    ("“Every time he sees me, he says: “We didn’t do it” and I believe him,” said Trump.",
     ["Every time he sees me, he says: “We didn’t do it” and I believe him", "We didn’t do it"]),
    ("He says, ‘I didn’t do that,’ and the leaders’ talks went on.", ["I didn’t do that"]),
])
def test_quote_extraction_nested_and_apostrophes(text, expected):
    assert [text[a:b] for a, b in quotes(text)] == expected


def test_quote_reworded():
    o = "“We will win this war,” he said."
    c = "“We are going to win the war,” he said."
    r = one(o, c, 0.95)
    assert r.drifted and "quote" in codes(r)
    msg = next(x.message for x in r.reasons if x.code == "quote")
    assert "We are going to win the war" in msg and "We will win this war" in msg
    assert {h.kind for h in r.highlights} == {"quote"}
    check_offsets(o, c, r)


@pytest.mark.parametrize("candidate", [
    "the company reported a profit of 5 million dollars in March",
    "The company reported a profit of 5 million dollars in March .",
    "The company reported a proft of 5 million dollars in March.",
])
def test_surface_changes_are_not_drift(candidate):
    r = one("The company reported a profit of 5 million dollars in March.", candidate, 0.97)
    assert not r.drifted, (candidate, r.reasons)


def test_analyzer_reuses_metrics():
    an = Analyzer([])
    an.evidence("a b c", "a b d", 0.5)
    first = an.metrics()[0]
    an.evidence("x y", "x z", 0.5)
    assert an.metrics()[0] is first


# -- acceptance pairs from the seed corpus, with the real embedding model ----------------------
def _sentence(n: int, needle: str) -> str:
    from transcheck.text.segment import segment

    text = seed(n).read_text(encoding="utf-8")
    hits = [s.text for s in segment(text) if needle in s.text]
    assert hits, f"{needle!r} not in seed {n}"
    return hits[0]


@pytest.fixture(scope="module")
def seed_pairs():
    from transcheck.api import compare

    pairs = {
        "every_time": (_sentence(0, "Every time he sees me"), _sentence(1, "Every time he sees me")),
        "other_countries": (_sentence(4, "other people and/or countries"),
                            _sentence(3, "could very well have been other countries")),
        "military": (_sentence(0, "no military solution"), _sentence(1, "no military solution")),
        "commitment": (_sentence(3, "ever come to a resolution"), _sentence(2, "secure a commitment")),
    }
    results = compare([o for o, _ in pairs.values()], [c for _, c in pairs.values()])
    return {k: (pairs[k], r) for k, r in zip(pairs, results)}


@pytest.mark.slow
def test_seed_quote_every_time_is_drift(seed_pairs):
    (o, c), r = seed_pairs["every_time"]
    assert "I didn’t do that" in o and "We didn’t do it" in c
    assert r.status == "drift" and r.drifted
    q = [x for x in r.reasons if x.code == "quote"]
    assert q and "We didn’t do it" in q[0].message and "I didn’t do that" in q[0].message
    check_offsets(o, c, r)


@pytest.mark.slow
def test_seed_trump_quote_other_countries_is_drift(seed_pairs):
    (o, c), r = seed_pairs["other_countries"]
    assert r.status == "drift"
    assert "quote" in codes(r)
    assert any("countries" in h.text or "well" in h.text for h in r.highlights)
    check_offsets(o, c, r)


@pytest.mark.slow
def test_seed_other_words_quoted_is_drift(seed_pairs):
    # 002 and 003 quote Tillerson with no word in common: a quote reworded while presented as verbatim
    (o, c), r = seed_pairs["commitment"]
    assert r.status == "drift" and "quote" in codes(r)
    q = next(x for x in r.reasons if x.code == "quote")
    assert "secure a commitment" in q.message and "ever come to a resolution" in q.message
    check_offsets(o, c, r)


@pytest.mark.slow
def test_seed_no_military_solution_is_not_drift(seed_pairs):
    _, r = seed_pairs["military"]
    assert r.status in ("match", "paraphrase"), r.to_dict()


def test_military_sentence_pair_is_paraphrase():
    o = "In the statement, the two leaders stated that there is no military solution to the conflict."
    c = "The presidents agreed that the conflict in Syria has no military solution."
    r = one(o, c, 0.754)
    assert r.status == "paraphrase", r.to_dict()
    assert not any(x.code == "number" for x in r.reasons)


# -- feature values of the evidence -------------------------------------------------------------
_TWO_MENTIONS = "A 6-year-old child was killed. Two people, including a 6-year-old child, were hurt."
_PERCENT = "The forecast is 3.7-4.2% against the previously expected 3.8-4.8%."

# (original, candidate, cosine, feature values)
VALUE_CASES = [
    # a number word used as a determiner is no number change; another number is
    pytest.param("The two leaders met.", "The leaders met.", 0.95, {"number_extra": 0, "number": 0},
                 id="number-word-as-determiner"),
    pytest.param("The two leaders met.", "The three leaders met.", 0.95, {"number": 1}, id="number-word-changed"),
    # "a 6-year-old child ... a 6-year-old" / "a 9-year-old child ... a 6-year-old": the value still on
    # both sides does not hide the change; a repeated value alone is still no change
    pytest.param(_TWO_MENTIONS, _TWO_MENTIONS.replace("A 6-year-old", "A 9-year-old"), 0.97, {"number": 1.0},
                 id="number-changed-in-one-of-two-mentions"),
    pytest.param(_TWO_MENTIONS, "A child was killed. Two people, including a 6-year-old child, were hurt.", 0.95,
                 {"number": 0.0, "number_extra": 0.0}, id="number-repeated-value-dropped"),
    # a translation that drops the percent sign keeps the value; a changed value is still a change
    pytest.param(_PERCENT, "The forecast is 3.7-4.2 against the previously expected 3.8-4.8.", 0.97,
                 {"number": 0.0, "number_extra": 0.0}, id="percent-sign-dropped"),
    pytest.param(_PERCENT, "The forecast is 3.7-4.2 against the previously expected 3.8-9.6.", 0.97,
                 {"number": 1.0}, id="percent-sign-dropped-and-value-changed"),
    # spelling variants of a name are no swap; another name is
    pytest.param("He met Dauden in Ürümqi.", "He met Dowden in Urumqi.", 0.95, {"entity_swap": 0},
                 id="name-transliterated"),
    pytest.param("The UK said so.", "The United Kingdom said so.", 0.95, {"entity_swap": 0}, id="name-acronym"),
    pytest.param("Putin met Biden.", "Putin met Smith.", 0.9, {"entity_swap": 1}, id="name-swapped"),
    pytest.param("On Monday, Krychowiak exalted the beauty of Kamchatka.",
                 "On Monday, Lewandowski admired the beauty of Kamchatka.", 0.9, {"entity_swap": 1},
                 id="name-swapped-not-w-v"),
    # a possessive ends a name: "Modi's Twitter" / "Narendra Demon"
    pytest.param("Prime Minister Narendra Modi's Twitter account was hacked.",
                 "Hackers hacked the Twitter account of Prime Minister Narendra Demon.", 0.85, {"entity_swap": 1},
                 id="name-swapped-after-possessive"),
    # an incomplete original does not count against the candidate
    pytest.param("Prices were held in.", "Prices were held in.", 1.0, {"incomplete_phrase": 0},
                 id="incomplete-original-verbatim"),
    pytest.param("Prices were held in.", "Prices were held in Moscow.", 0.9,
                 {"incomplete_phrase": 0, "incomplete_clause": 0}, id="incomplete-original-completed"),
    # a loose antonym pair counts only when the analyzer is given it
    pytest.param("They had experienced severe child abuse.", "They had experienced mild child abuse.", 0.95,
                 {"antonym": 0}, id="loose-antonym-not-in-lexicon"),
]


@pytest.mark.parametrize("o, c, cosine, expected", VALUE_CASES)
def test_feature_values(o, c, cosine, expected):
    ev = Analyzer().evidence(o, c, cosine)
    _check_values(ev.values, expected, ev.findings)


# -- findings of one kind: their messages (list), whether there is one (bool), or a text that one
# of their messages holds (str) -----------------------------------------------------------------
_ARESTOVYCH = "This was announced on December 11 by Oleksiy Arestovych, adviser to the head of the office."
_KYIV = "In August, Kyiv counts on Berlin's help to equip its navy."
_TURKEY = "In November, 115 thousand cars were produced in Turkey, the association said."
_KRAI = "A video of two cats in the Krasnodar Krai is popular."
_TSIRKON = "The ministry completed tests of the Tsirkon hypersonic missile, said Sophia Donets."
_SAINTS = "The fire in the Cathedral of Saints Peter and Paul broke out on July 18."
_FEDERATION = "The strategy for business in the Russian Federation until 2030 was approved."
NAME_CASES = [
    # two translations spell one Ukrainian name differently (WMT ru-en, human vs MT); a different
    # surname still is a name change
    pytest.param(_ARESTOVYCH, "This was reported on December 11 by the adviser to the head of the office, Aleksei "
                 "Arestovich.", "entity", 0.9, False, id="transliterated-name"),
    pytest.param(_ARESTOVYCH, "This was reported on December 11 by the adviser to the head of the office, Aleksei "
                 "Podolyak.", "entity", 0.9, True, id="transliterated-name-other-surname"),
    # Kyiv / Kiev (WMT: 33 unchanged sentences were flagged for it); Kyiv / Lviv is a change
    pytest.param(_KYIV, _KYIV.replace("Kyiv", "Kiev"), "entity", 0.95, False, id="kyiv-kiev"),
    pytest.param(_KYIV, _KYIV.replace("Kyiv", "Lviv"), "entity", 0.95, True, id="kyiv-lviv"),
    # Turkey / Turkish, Krasnodar Krai / Territory (WMT unchanged sentences were flagged for them);
    # Turkey / Greece is still a swap
    pytest.param(_TURKEY, "In November, Turkish manufacturers produced 115 thousand cars, the association said.",
                 "entity", 0.9, False, id="place-and-adjective"),
    pytest.param(_TURKEY, _TURKEY.replace("Turkey", "Greece"), "entity", 0.95, True, id="place-swapped"),
    pytest.param(_KRAI, _KRAI.replace("Krai", "Territory"), "entity", 0.95, False, id="krai-territory"),
    # Cyrillic ц as ts / z / c (Tsirkon / Zircon) and ph / f (Sophia / Sofya) in two human translations,
    # Saints / Sts., the Russian Federation / Russia; a different name is still a swap
    pytest.param(_TSIRKON, _TSIRKON.replace("Tsirkon", "Zircon").replace("Sophia", "Sofya"), "entity", 0.9, False,
                 id="ts-z-ph-f"),
    pytest.param(_SAINTS, _SAINTS.replace("Saints", "Sts."), "entity", 0.9, False, id="saints-sts"),
    pytest.param(_FEDERATION, _FEDERATION.replace("the Russian Federation", "Russia"), "entity", 0.9, False,
                 id="state-form"),
    pytest.param("Talks in the Czech Republic ended.", "Talks in Slovakia ended.", "entity", 0.9, True,
                 id="state-form-other-country"),
    pytest.param(_TSIRKON, _TSIRKON.replace("Tsirkon", "Kinzhal"), "entity", 0.9, True, id="ts-other-name"),
    # the tagger reads "Prosa" as a proper noun, so dropping it is a missing name even though it starts
    # the sentence; a common word there ("Previously") is not
    pytest.param("Prosa previously played for Flora and Infonet.", "He previously played for Flora and Infonet.",
                 "entity", 0.9, ["name: 'Prosa' missing"], id="sentence-initial-proper-noun"),
    pytest.param("Previously he played for Flora.", "Earlier he played for Flora.", "entity", 0.95, False,
                 id="sentence-initial-common-word"),
    pytest.param("On Monday, Krychowiak exalted the beauty of Kamchatka.",
                 "On Monday, Krykhovyak admired the beauty of Kamchatka.", "entity", 0.9, False, id="w-as-v"),
    # a title or a first name before the head word the other side has is the same person; another first
    # name, a dropped head, or capitals that run on into other words are still name changes
    pytest.param("Tillerson also told reporters about it.",
                 "U.S. Secretary of State Rex Tillerson told reporters about it.", "entity", 0.85, False,
                 id="fuller-name-title"),
    pytest.param("President Donald Trump met with Vladimir Putin.", "Trump met with Putin.", "entity", 0.85, False,
                 id="fuller-name-first-names"),
    pytest.param("President Donald Trump spoke.", "President Trump spoke.", "entity", 0.85, False,
                 id="fuller-name-first-name"),
    pytest.param("John Smith met the press.", "Jane Smith met the press.", "entity", 0.85,
                 ["name: 'John' became 'Jane'"], id="other-first-name"),
    pytest.param("President Trump spoke.", "President Obama spoke.", "entity", 0.85,
                 ["name: 'Trump' became 'Obama'"], id="other-head"),
    # an acronym before the head is no first name
    pytest.param("Rustam was best in the SMP RCRS Trophy.", "Rustam was best in the Trophy.", "entity", 0.85, True,
                 id="acronym-before-head"),
    # title case or capitals say nothing about names when a headline is aligned to another sentence;
    # between two close copies of a headline, a capitalised word in another's place is a new name
    pytest.param("BREAKING: Trump and Putin Issue Major Announcement", "Trump and Putin confirmed their goal.",
                 "entity", 0.85, False, id="headline-capitals"),
    pytest.param("CLICK HERE FOR FULL VERSION OF THIS STORY", "Click to comment", "entity", 0.4, False,
                 id="headline-shouting"),
    pytest.param("Trump Meets Putin In Vietnam", "Trump Meets Xi In Vietnam", "entity", 0.85,
                 ["name: 'Putin' became 'Xi'"], id="headline-close-copies"),
    # "X became Y" is said when the new name stands where the old one stood; a name dropped in one
    # place and another added elsewhere are reported as such
    pytest.param("Putin denied Russian involvement in the election.",
                 "Putin denied any involvement, he said today in Hamburg.", "entity", 0.85,
                 ["name: 'Russian' missing, 'Hamburg' added"], id="name-elsewhere"),
    pytest.param("Putin met Biden in Geneva.", "Putin met Macron in Geneva.", "entity", 0.85,
                 ["name: 'Biden' became 'Macron'"], id="name-in-place"),
    # a name replaced in one place and kept in another: the bag of words sees only the new name
    pytest.param("The drawing of the Olympic rings by the founder of the Olympic Games was sold.",
                 "The drawing of the Javelin rings by the founder of the Olympic Games was sold.", "entity", 0.9,
                 ["name: 'Olympic' became 'Javelin'"], id="name-replaced-kept-elsewhere"),
    pytest.param("Radiy Khabirov visited the park, Khabirov said.", "Radiy Yugoslav visited the park, Khabirov said.",
                 "entity", 0.9, ["name: 'Khabirov' became 'Yugoslav'"], id="surname-replaced-kept-elsewhere"),
    # ... but not another spelling of it (no "became": an added name is no change in a copy)
    pytest.param("Russian Pantsirs in Ethiopia: two Pantsir-S1 systems were destroyed.",
                 "Russian Pantsirei in Ethiopia: two Pantsir-S1 systems were destroyed.", "entity", 0.9,
                 ["name: 'Pantsirei' added"], id="spelling-kept-elsewhere"),
    # in a run of words in capitals, capitals mark no names; an acronym alone does
    pytest.param("THE FIRST READERS WILL RECEIVE A SUBSCRIPTION AND OUO FROM OUR COLLECTION today.",
                 "THE FIRST READERS WILL RECEIVE A SUBSCRIPTION AND OHS FROM THE COLLECTION today.", "entity", 0.9,
                 False, id="shouted-run"),
    pytest.param("NATO met the EU in Riga.", "NATO met the UN in Riga.", "entity", 0.9, ["name: 'EU' became 'UN'"],
                 id="acronym-alone"),
    pytest.param("The FBI CIA NSA review was ordered.", "The FBI CIA DHS review was ordered.", "entity", 0.9,
                 ["name: 'NSA' became 'DHS'"], id="acronyms-side-by-side"),
]

_GENOCIDE = 'Defense Express called the occurrence "real genocide".'
_PRESSED = "“The president pressed President Putin on more than one occasion regarding Russian involvement,”"
_TWO_QUOTES_COPY = ("Trump started by “raising the concerns of the American people” and pressed Putin "
                    "“on more than one occasion”, he said.")
QUOTE_CASES = [
    # articles and inflection aside, the words are the same
    pytest.param(_GENOCIDE, 'Then Defense Express called the incident "a real genocide".', "quote", 0.85, False,
                 id="quote-articles"),
    pytest.param(_GENOCIDE, 'Then Defense Express called the incident "a real massacre".', "quote", 0.85, True,
                 id="quote-reworded"),
    pytest.param('He covers up the "Trump blackmail of Ukraine".', "He covers up \"Trump's blackmail of Ukraine\".",
                 "quote", 0.85, False, id="quote-possessive"),
    # a quotation without a counterpart counts only at length and when the other side does not say
    # its words unquoted
    pytest.param('"They are trying to turn him into a martyr," said Vicki Saporta, president of the federation.',
                 '"We need to take these threats seriously," said Vicki Saporta, president of the federation.',
                 "quote", 0.85, ["quote differs: “We need to take these threats seriously” vs “They are trying to "
                                 "turn him into a martyr” (other words quoted for the same statement)"],
                 id="unmatched-quotation"),
    pytest.param('He spoke on "This Week" about the cloud.', 'He spoke on "Face the Nation" about the cloud.',
                 "quote", 0.85, False, id="short-quotation-title"),
    pytest.param('He said the cuts would hurt "our own people" and that they would go on for years.',
                 'He said "the cuts would hurt" his people and go on for years.', "quote", 0.85, False,
                 id="quoted-words-said-unquoted"),
    # the copy quotes an unbroken part of the original's quotation (seeds 003 / 004): no rewording; a
    # changed word inside the part is; quoting more than the original did leaves the added words
    # unconfirmed as verbatim
    pytest.param(_PRESSED + " Tillerson said.",
                 "Trump “pressed” Putin on the issue “on more than one occasion”, Tillerson said.", "quote", 0.85,
                 False, id="partial-quotation"),
    pytest.param(_PRESSED + " Tillerson said.",
                 "Trump “pressed” Putin “on more than one occasion regarding Russian meddling”, Tillerson said.",
                 "quote", 0.85, True, id="partial-quotation-word-changed"),
    pytest.param("Tillerson said Trump pressed Putin “on more than one occasion”.",
                 "Tillerson said “the president pressed Putin on more than one occasion”.", "quote", 0.85, True,
                 id="quotation-extended"),
    # the copy quotes a part of the original's quotation and, beside it, words the original does not
    # quote: the one quotation of the original is rendered, so the second is extra quoted material;
    # with a second quotation in the original left without a counterpart, the extra one is compared to it
    pytest.param(_PRESSED + " he said.", _TWO_QUOTES_COPY, "quote", 0.85, False, id="quotation-rendered-once"),
    pytest.param(_PRESSED + " and “we will never accept this kind of interference,” he said.", _TWO_QUOTES_COPY,
                 "quote", 0.85, "other words quoted", id="quotation-left-without-counterpart"),
]

_SPRING = ("A small softer spring is inserted inside a big one.",
           "A softer, smaller spring is inserted inside the large spring.")
_PASSPORTS = "Passports are required in restaurants with a capacity of more than 50 people."
ANTONYM_CASES = [
    # "a small spring inside a big one" / "a smaller spring inside the large spring" (WMT MT vs
    # reference): small is still there; small -> large alone is an antonym
    pytest.param(*_SPRING, "antonym", 0.85, False, id="comparative-on-the-other-side"),
    pytest.param(*_SPRING, "antonym", 0.9, False, id="comparative-on-the-other-side-0.9"),
    pytest.param("The small firm grew.", "The large firm grew.", "antonym", 0.85, True, id="small-large"),
    # quantity words ("more" / "less than 50 people", "many" / "few"), which the content-word pass
    # skips; bounds ("no more than") and "more or less" are not swaps
    pytest.param(_PASSPORTS, _PASSPORTS.replace("more", "less"), "antonym", 0.99, ["antonym: 'more' became 'less'"],
                 id="more-less"),
    pytest.param("After all, many people like to draw.", "After all, few people love to draw.", "antonym", 0.97, True,
                 id="many-few"),
    pytest.param("It costs no more than 50 dollars.", "It costs less than 50 dollars.", "antonym", 0.97, False,
                 id="no-more-than"),
    pytest.param("The plan is more or less ready.", "The plan is less or more ready.", "antonym", 0.97, False,
                 id="more-or-less"),
    pytest.param("Quite a few people came.", "Many people came.", "antonym", 0.97, False, id="quite-a-few"),
    # by count, and relation words in place only ("over" as "more than", and "under" elsewhere)
    pytest.param("So far more than 272,000 infections and more than 28,000 deaths have been recorded.",
                 "So far less than 272,000 infections and more than 28,000 deaths have been recorded.", "antonym",
                 0.99, ["antonym: 'more' became 'less'"], id="quantity-by-count"),
    pytest.param("Also after the Revolution, all men had access to professions.",
                 "Also before the Revolution, all men had access to professions.", "antonym", 0.99,
                 ["antonym: 'after' became 'before'"], id="relation-in-place"),
    pytest.param("Over 10 million people live under the flight path.",
                 "More than 10 million people live near the flight path, under new rules.", "antonym", 0.9, False,
                 id="relation-not-in-place"),
    # comparatives and superlatives take their bases' antonyms; "latest" = newest
    pytest.param("Madagascar is by far the biggest island.", "Madagascar is by far the smallest island.", "antonym",
                 0.97, ["antonym: 'biggest' became 'smallest'"], id="biggest-smallest"),
    pytest.param("Learning should be easier and more fun.", "Learning should be harder and more fun.", "antonym",
                 0.97, True, id="easier-harder"),
    pytest.param("Earlier in May, the minister announced the new missile.",
                 "Back in May, the minister announced the latest missile.", "antonym", 0.9, False, id="latest"),
    # the original's antonym elsewhere is not in the place of the replaced word
    pytest.param("It uses low-noise compressors of high quality.", "It uses low-noise compressors.", "antonym", 0.85,
                 False, id="antonym-elsewhere"),
]

_NOT_UNTIL = "The cathedral didn't open to parishioners again until 1985."
POLARITY_CASES = [
    # "the husband" -> "her spouse" is no flip (her is someone else); he -> she and husband -> wife are
    pytest.param("After the husband woke, the suspect tied his hands.",
                 "When her spouse woke, the suspect tied his hands.", "gender", 0.85, [], id="husband-her-spouse"),
    pytest.param("He said the talks would go on.", "She said the talks would go on.", "gender", 0.85,
                 ["gender: 'He' became 'She'"], id="he-she"),
    pytest.param("Her husband met the minister.", "Her wife met the minister.", "gender", 0.85,
                 ["gender: 'husband' became 'wife'"], id="husband-wife"),
    # with "she" in the original, an added "her" can be hers (two translations: "she wrapped his body"
    # / "her spouse ... she rolled the body"); with no woman there, his -> her is a flip
    pytest.param("When the husband no longer moved, she wrapped his body in a carpet.",
                 "When her spouse stopped moving, she rolled the body up in a carpet.", "gender", 0.85, False,
                 id="pronoun-with-referent"),
    pytest.param("He wrapped his coat around the child.", "He wrapped her coat around the child.", "gender", 0.85,
                 True, id="his-her"),
    # "didn't open again until 1985" = "reopened only in 1985"; without "only" it stays a negation
    pytest.param("The cathedral was reopened to visitors only in 1985.", _NOT_UNTIL, "negation", 0.85, False,
                 id="not-until-only"),
    pytest.param("The cathedral was reopened to visitors in 1985.", _NOT_UNTIL, "negation", 0.85, True,
                 id="not-until"),
]


@pytest.mark.parametrize("o, c, code, cosine, expected", NAME_CASES + QUOTE_CASES + ANTONYM_CASES + POLARITY_CASES)
def test_findings(o, c, code, cosine, expected):
    _check_findings(_findings(o, c, code, cosine), expected)


def test_antonym_in_the_place_of_the_replaced_word():
    """The candidate's "low" replaces "high" although the original has "low" elsewhere."""
    o = "It uses high-quality low-noise compressors."
    c = "It uses low-quality low-noise compressors."
    found = _findings(o, c, "antonym", 0.99)
    assert [(f.message, c[f.cand[0][0]:f.cand[0][1]]) for f in found] == [("antonym: 'high' became 'low'", "low")]
    assert found[0].cand[0][0] == c.index("low")  # the first "low", where "high" stood
    back = _findings(c, o, "antonym", 0.99)  # the other way round: the original has the word twice
    assert [(f.message, o[f.cand[0][0]:f.cand[0][1]]) for f in back] == [("antonym: 'low' became 'high'", "high")]


@pytest.mark.parametrize("o, c, expected", [
    pytest.param("The children had experienced severe child abuse before.",
                 "The children had experienced mild child abuse before.", ["antonym: 'severe' became 'mild'"],
                 id="in-place"),
    pytest.param("The storm was severe, said the mayor.", "A mild winter followed the storm, said the mayor.", [],
                 id="elsewhere"),
    # in place by a function word only: too weak for a loose pair
    pytest.param("The damage was severe in the north.", "The damage was mild.", [], id="by-a-function-word"),
])
def test_loose_antonyms_count_in_place_only(o, c, expected):
    an = Analyzer([], in_place_pairs=["mild|severe"])
    assert [f.message for f in an.evidence(o, c, 0.95).findings if f.code == "antonym"] == expected


# (original, candidate, codes among {negation, antonym}) with the shipped antonym lexicon
NEGATION_CASES = [
    # "not acceptable" = "unacceptable", "could not" = "unable", "no longer" ~ "stopped": the cue moved
    # into a word. A real flip (acceptable -> unacceptable, no cue added) is still an antonym.
    pytest.param("This service is unacceptable today.", "This service is not acceptable today.", set(),
                 id="not-acceptable"),
    pytest.param("He was unable to attend the meeting.", "He could not attend the meeting.", set(), id="unable"),
    pytest.param("When he no longer showed signs of life, she left.", "When he stopped showing signs of life, she left.",
                 set(), id="no-longer-stopped"),
    pytest.param("This service is acceptable today.", "This service is unacceptable today.", {"antonym"},
                 id="acceptable-unacceptable"),
    pytest.param("He was able to attend the meeting.", "He could not attend the meeting.", {"negation"},
                 id="able-could-not"),
    # the negative word must be absent from the other side: here "unable" is on both, "not" is new
    pytest.param("He was unable to attend.", "He was unable to attend and did not call.", {"negation"},
                 id="negative-word-on-both-sides"),
    # each negative word absorbs one cue: two "could not" = two "unable"
    pytest.param("He could not come and could not call.", "He was unable to come and was unable to call.", set(),
                 id="two-cues-two-words"),
    # "-less" words and a negative prefix on the root of the other side's word
    pytest.param("A wireless bra.", "A bra without wires.", set(), id="less-word"),
    pytest.param("Online work lets one be independent of the market.", "Online work does not depend on the market.",
                 set(), id="negative-prefix-on-root"),
    pytest.param("They will act unless new measures are taken.", "They will act if no new measures are taken.",
                 set(), id="unless"),
    # a cue that opens a bound ("no less than", "not far from") or a fixed phrase ("not only ... but
    # also") negates no statement; the same words without the phrase still do
    pytest.param("Owners get at least 90% of the proceeds.", "Owners get no less than 90% of the proceeds.", set(),
                 id="no-less-than"),
    pytest.param("The hotel is close to the metro.", "The hotel is not far from the metro.", set(), id="not-far-from"),
    pytest.param("She sings and dances.", "She not only sings but also dances.", set(), id="not-only"),
    pytest.param("We waited in vain.", "We waited for nothing.", set(), id="for-nothing"),
    pytest.param("It matters.", "It does not matter.", {"negation"}, id="not-matter"),
    pytest.param("The hotel is far from the metro.", "The hotel is not far.", {"negation"}, id="not-far"),
    pytest.param("She sings more than he does.", "She does not sing more than he does.", {"negation"},
                 id="not-more-than"),
]


@pytest.mark.parametrize("o, c, expected", NEGATION_CASES)
def test_negation_or_antonym(o, c, expected):
    assert {f.code for f in analyzer().evidence(o, c, 0.85).findings} & {"negation", "antonym"} == expected


def test_negation_cues_leave_out_bounds():
    assert [t.lower for t in negation_cues(tokenize("No more than 5 people, and no one else, came."))] == ["no"]


def _gaps(text: str) -> set[str]:
    from transcheck.tagger import analyse_sentences

    return {f.kind for f in analyse_sentences([text])[0].flags}


@pytest.mark.parametrize("text, kind", [
    ("Doctors relieved the with medication.", "article without a noun"),
    ("Many lives have been claimed by.", "preposition without an object"),
    ("She earned a degree in and philosophy from Fisk University.", "preposition without an object"),
    ("Currently, has more than 330 power plants.", "verb without a subject"),
    ("The U.S. the House's seats every 10 years.", "no verb"),
])
def test_parser_flags_a_missing_word_with_the_real_model(text, kind):
    assert kind in _gaps(text)


@pytest.mark.parametrize("text, kind", [
    # kind None: no flag at all
    ("Xu Zhengyu expressed optimism about Hong Kong's future.", None),
    ("G20 Summit: Trump Pressed Putin on Russian Interference in Election", None),  # a headline
    ("The cathedral didn't open to parishioners again until 1985.", None),
    ("They note that the suspect was married to and had lived with the victim since 1999.", None),
    ("The match between Inter Milan and Genoa is! the 3,000th match in Serie A.", "no verb"),
    ("The leaders agreed to implement the agreed measures quickly.", None),
])
def test_parser_does_not_flag_complete_sentences_headlines_stray_marks_or_predicates(text, kind):
    gaps = _gaps(text)
    assert kind not in gaps if kind else not gaps


@pytest.mark.slow
def test_incomplete_candidate_is_reported_and_ranks_above_the_complete_one():
    """DEMETR subj_removed: the removal leaves the similarities high, the parse shows the gap."""
    from transcheck.api import compare

    ref = "Xinjiang now has over 330 solar power plants connected to the grid."
    full = "Currently, Xinjiang has more than 330 grid-connected photovoltaic power plants."
    cut = "Currently, has more than 330 grid-connected photovoltaic power plants."
    r_full, r_cut = compare([ref, ref], [full, cut])
    assert "incomplete" not in codes(r_full)
    inc = [x for x in r_cut.reasons if x.code == "incomplete"]
    assert inc and "verb without a subject ('has')" in inc[0].message and inc[0].weight > 0
    assert [h.text for h in inc[0].spans] == ["has"]
    assert r_cut.drift_score > r_full.drift_score
    check_offsets(ref, cut, r_cut)


# -- with the real embedding model --------------------------------------------------------------
SPLIT_ORIGINAL = ("The city council met on Tuesday. Ukraine will start producing next-generation ANKA jet drones at a "
                  "new Ukrainian-Turkish plant near Kyiv, the defence ministry said on Monday. Officials declined to "
                  "give a date.")
SPLIT_COPY = ("The city council met on Tuesday. Ukraine will start producing next-generation jet drones, the defence "
              "ministry said on Monday. The ANKA drones will be built at a new Ukrainian-Turkish plant near Kyiv. "
              "Officials declined to give a date.")


@pytest.mark.slow
def test_split_sentence_halves_do_not_count_each_other_as_dropped(engine):
    """One original sentence written as two (real model): both halves are paired with it, and neither
    is flagged for the names and words that the other half carries."""
    from transcheck.api import check

    rep = check(SPLIT_COPY, [SPLIT_ORIGINAL], engine=engine)
    halves = rep.sentences[1:3]
    assert {h.counterpart.start for h in halves} == {SPLIT_ORIGINAL.index("Ukraine")}
    assert [h.status for h in halves] == ["paraphrase", "paraphrase"]
    assert not [r for h in halves for r in h.reasons if r.code in ("entity", "dropped", "date")]


@pytest.mark.slow
def test_split_sentence_drift_goes_to_the_half_that_changed(engine):
    """A name changed in the second half: that half is drift with the name highlighted at its offsets
    in the copy; the first half, which only lacks what the second carries, is not."""
    from transcheck.api import check

    copy = SPLIT_COPY.replace("Ukrainian-Turkish", "Ukrainian-Polish")
    rep = check(copy, [SPLIT_ORIGINAL], engine=engine)
    first, second = rep.sentences[1:3]
    assert first.status == "paraphrase" and second.status == "drift"
    assert "Polish" in [copy[h.start:h.end] for h in second.highlights]
    assert [r for r in second.reasons if r.code == "entity" and "Polish" in r.message]
    assert "Turkish" in [SPLIT_ORIGINAL[h.start:h.end] for h in second.counterpart_highlights]


# With the real encoder, a name the other side writes in other words (an acronym spelt out, a local
# spelling, a synonym) is no name finding; a different person or place still is. "G20" / "G-20" is one
# token, a name: no "number: '20' became 'two'"; two identifiers differ as written even when their
# vectors are close ("G20" / "G7"), and a name and its code still match.
_G20 = ("Trump met Putin at the G20 summit on Friday.", "Trump met Putin for two hours on Friday.")
ENCODER_FINDING_CASES = [  # (original, candidate, code, cosine, expected) as in test_findings
    pytest.param("Seats in the USA are reallocated every 10 years.",
                 "Seats in the United States are reallocated every 10 years.", "entity", 0.9, False, id="usa"),
    pytest.param("In extra time Allan made it 2:0 for Naples.", "In added time, Allan made it 2-0 for Napoli.",
                 "entity", 0.9, False, id="naples-napoli"),
    pytest.param("A video appeared on the Internet on Saturday.", "Footage appeared on the Web on Saturday.",
                 "entity", 0.9, False, id="internet-web"),
    pytest.param(*_G20, "number", 0.8, False, id="g20-no-number"),
    pytest.param(*_G20, "entity", 0.8, ["name: 'G20' missing"], id="g20-missing"),
    pytest.param("Leaders met at the G-20 summit.", "Leaders met at the G20 summit.", "entity", 0.95, False,
                 id="g-20-entity"),
    pytest.param("Leaders met at the G-20 summit.", "Leaders met at the G20 summit.", "number", 0.95, False,
                 id="g-20-number"),
    pytest.param("New COVID19 cases rose.", "New Covid cases rose.", "entity", 0.95, False, id="covid-entity"),
    pytest.param("New COVID19 cases rose.", "New Covid cases rose.", "number", 0.95, False, id="covid-number"),
]
ENCODER_VALUE_CASES = [  # (original, candidate, cosine, feature values)
    pytest.param("Putin met Biden in Geneva.", "Putin met Macron in Geneva.", 0.9, {"entity_swap": 1}, id="person"),
    pytest.param("The delegation flew to Spain on Monday.", "The delegation flew to Paraguay on Monday.", 0.9,
                 {"entity_swap": 1}, id="place"),
    pytest.param("Leaders met at the G20 summit.", "Leaders met at the G7 summit.", 0.95, {"entity_swap": 1}, id="g7"),
    pytest.param("The plane was an F-16.", "The plane was an F-35.", 0.95, {"entity_swap": 1}, id="f-35"),
    pytest.param("Two doses protect against COVID19.", "Two doses protect against COVID21.", 0.95,
                 {"entity_swap": 1}, id="covid21"),
]


@pytest.mark.slow
@pytest.mark.parametrize("o, c, code, cosine, expected", ENCODER_FINDING_CASES)
def test_findings_with_the_real_encoder(engine, o, c, code, cosine, expected):
    _check_findings(_findings(o, c, code, cosine, engine.embed), expected)


@pytest.mark.slow
@pytest.mark.parametrize("o, c, cosine, expected", ENCODER_VALUE_CASES)
def test_feature_values_with_the_real_encoder(engine, o, c, cosine, expected):
    ev = Analyzer().evidence(o, c, cosine, engine.embed)
    _check_values(ev.values, expected, ev.findings)


def test_a_user_threshold_keeps_the_match_rule():
    """The status is decided once, by the scorer, with the threshold it is given: a near-verbatim pair
    that a higher threshold no longer calls drift is ``match`` (its own rule), not ``paraphrase``."""
    o = ("The committee said on Monday that the new bridge over the river would open to traffic in 2019, "
         "two years later than planned.")
    c = o.replace("2019", "2018")
    default = score_pairs([o], [c], [0.98])[0]
    assert default.status == "drift" and default.drifted
    lenient = score_pairs([o], [c], [0.98], threshold=0.9999999)[0]
    assert lenient.drift_score == default.drift_score
    assert (lenient.status, lenient.drifted) == ("match", False)
    strict = score_pairs([o], [o.replace("Monday", "Monday,")], [0.99], threshold=0.0)[0]
    assert (strict.status, strict.drifted) == ("drift", True)


ROLE_SWAPS = [
    ("The vote was 7 to 2.", "The vote was 2 to 7.", "drift"),
    ("Germany beat Brazil in the semi-final.", "Brazil beat Germany in the semi-final.", "drift"),
    ("Trump met Putin on Friday.", "Putin met Trump on Friday.", "paraphrase"),  # a symmetric verb
    ("The vote was 7 to 2.", "The vote was 7 to 2, officials said.", "paraphrase"),
]


@pytest.mark.parametrize(("original", "candidate", "status"), ROLE_SWAPS)
def test_swapped_roles_are_drift(original, candidate, status):
    """The same numbers or names in exchanged places say who did what to whom the other way round."""
    r = score_pairs([original], [candidate], [0.95])[0]
    assert r.status == status, [x.message for x in r.reasons]


CONFLICTS = [
    # (original, candidate, finding code, conflict): a conflict says the opposite in the same place;
    # what one side adds or leaves out is no conflict
    ("The council approved the plan on Monday.", "The council did not approve the plan on Monday.", "negation", True),
    ("Tillerson said both leaders want to move on.",
     "Tillerson said the leaders agreed to continue, with the aim of a commitment not to meddle.", "negation", False),
    ("The vote was 7 to 2 in favour.", "The vote was 7 to 3 in favour.", "number", True),
    ("Five people were killed in the blast.", "Twelve people were injured in the blast.", "number", False),
    ("The leaders met on Friday in Hamburg.", "The leaders met on Saturday in Hamburg.", "date", True),
    ("posted Apr 24th, 2013", "May 14, 2013", "date", False),
    ("He said “we will not give up on the talks,” officials said.",
     "He said “we will never abandon the talks,” officials said.", "quote", True),
    ("Tillerson said the two had a “very robust and lengthy exchange on the subject.”",
     "“They had a very robust and lengthy exchange on the subject,” Tillerson said.", "quote", False),
]


@pytest.mark.parametrize(("original", "candidate", "code", "conflict"), CONFLICTS)
def test_conflicts_are_told_from_elaboration(original, candidate, code, conflict):
    ev = analyzer().evidence(original, candidate, 0.8)
    found = [f for f in ev.findings if f.code == code]
    assert found, [f.message for f in ev.findings]
    assert any(f.conflict for f in found) == conflict, [(f.message, f.conflict) for f in found]


def test_no_before_a_number_is_no_negation():
    """"No. 2" is a rank, not a negation."""
    ev = analyzer().evidence("He is the No. 2 official in the ministry.", "He is the second official in the ministry.", 0.9)
    assert not [f for f in ev.findings if f.code == "negation"]


def test_independent_reports_drift_only_where_they_conflict():
    """The same pair is drift between copies (one side leaves out what the other says) and not
    between independent reports, unless the two conflict."""
    o = "Putin denied any involvement, Tillerson said during a briefing in Hamburg, Germany."
    c = "Tillerson said Putin denied Russian involvement in the election."
    copy, independent = score_pairs([o, o], [c, c], [0.8, 0.8], relations=["copy", "independent"])
    assert copy.drift_score == independent.drift_score
    assert independent.status != "drift"
    swapped = score_pairs(["The vote was 7 to 2."], ["The vote was 2 to 7."], [0.95], relations=["independent"])[0]
    assert swapped.status == "drift"
