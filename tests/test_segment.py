from transcheck.text.segment import segment


def _check_offsets(text, segs):
    for s in segs:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_offsets_hold_on_every_seed(seed_texts):
    for text in seed_texts.values():
        segs = segment(text)
        assert len(segs) > 10
        _check_offsets(text, segs)


def test_missing_space_after_period_is_split():
    text = "Tillerson sat in on the meeting in Germany.Putin again denied trying to influence the election."
    segs = segment(text)
    assert [s.text for s in segs] == [
        "Tillerson sat in on the meeting in Germany.",
        "Putin again denied trying to influence the election.",
    ]
    _check_offsets(text, segs)


def test_headline_without_full_stop_and_foreign_line_stay_apart():
    text = "Trump and Putin confirmed their common goal\n\nТрамп и Путин подтвердили общую цель\nThe presidents met in da Nang."
    segs = [s.text for s in segment(text)]
    assert segs == [
        "Trump and Putin confirmed their common goal",
        "Трамп и Путин подтвердили общую цель",
        "The presidents met in da Nang.",
    ]


def test_quote_inside_quote_and_abbreviations_not_split():
    text = "“Every time he sees me he says, ‘I didn’t do that,’ and I believe him,” he said. The U.S. and Russia agreed."
    segs = [s.text for s in segment(text)]
    assert segs[0].startswith("“Every time") and segs[0].endswith("he said.")
    assert segs[1] == "The U.S. and Russia agreed."


def test_bare_punctuation_is_not_a_sentence():
    segs = [s.text for s in segment("*This post will be updated.*\n…\nDone.")]
    assert "…" not in segs and "*" not in segs
    assert all(any(c.isalnum() for c in s) for s in segs)
    assert segs[-1] == "Done."


def test_title_before_a_name_does_not_end_a_sentence():
    """pysbd splits "the Cathedral of Sts. | Peter and Paul" (two human translations of a WMT
    document then aligned half-sentences and flagged them); a real sentence end still splits."""
    text = "The fire in the Cathedral of Sts. Peter and Paul occurred on July 18. It burned for hours."
    segs = segment(text)
    _check_offsets(text, segs)
    assert [s.text for s in segs] == [
        "The fire in the Cathedral of Sts. Peter and Paul occurred on July 18.", "It burned for hours."]
    segs = segment("I saw Dr. Smith. Then Mr. Jones arrived.")
    assert [s.text for s in segs] == ["I saw Dr. Smith.", "Then Mr. Jones arrived."]


def test_headline_run_into_the_first_sentence_is_split():
    """A headline without a full stop, run into its first sentence on one line (WMT documents,
    scraped news): a capitalised function word mid-line starts a sentence; "in The Hague" does not."""
    text = "Don't demonize the people of Khabarovsk In an exclusive interview, the acting head spoke."
    segs = segment(text)
    _check_offsets(text, segs)
    assert [s.text for s in segs] == ["Don't demonize the people of Khabarovsk",
                                      "In an exclusive interview, the acting head spoke."]
    assert len(segment("The talks in The Hague ended on Monday.")) == 1
