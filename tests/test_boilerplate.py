import pytest
from conftest import seed

from transcheck.text.boilerplate import is_boilerplate


def _alone(line: str) -> bool:
    text = f"The minister spoke on Monday.\n{line}\nThe talks resume in May."
    start = text.index(line)
    return is_boilerplate(text, start, start + len(line))


@pytest.mark.parametrize("line", [
    "Click to comment", "CLICK HERE FOR FULL VERSION OF THIS STORY", "Connect with us", "Leave a Reply",
    "*This post will be updated as more information comes out.*", "From CNBC:", "Source: Reuters",
    "Advertisement", "Read more: Putin and Trump meet in Hamburg", "Follow us on Twitter", "12 comments",
    "Share this article", "Sign up for our newsletter", "This story has been updated.",
])
def test_page_furniture_alone_on_its_line(line):
    assert _alone(line)


@pytest.mark.parametrize("line", [
    "Share prices fell 3 percent on Monday.",  # begins like "Share this" but is news
    "Follow the money, the senator told reporters.",
    "Register to vote by Friday, officials urge",
    "The UN report was updated in March.",
    "From Moscow, Putin said the talks went well:",
    "Click here to read the minister's full statement on the ceasefire agreement reached in Geneva",  # > 12 words
])
def test_sentences_of_the_story_are_kept(line):
    assert not _alone(line)


def test_only_a_whole_line_counts():
    text = "Officials said more talks are planned. Click to comment\nNext line."
    start = text.index("Click")
    assert not is_boilerplate(text, start, start + len("Click to comment"))
    text = "**Click to comment**"
    assert is_boilerplate(text, 2, 18)  # marks beside it do not count as words


def test_furniture_words_at_the_end_of_a_long_line_are_not_a_line_of_their_own():
    """The line is looked for within 200 characters either side (so a one-line text of many short
    sentences costs no more per sentence than a short line): a sentence that ends a long line is
    not alone on it."""
    text = "Officials met again. " * 20_000 + "Click to comment"
    start = text.index("Click")
    assert not is_boilerplate(text, start, len(text))


def test_boilerplate_lines_are_neither_aligned_nor_drift(engine):
    """Seed 002 ends with "Click to comment"; 003 with "CLICK HERE FOR FULL VERSION OF THIS STORY".
    Both are page furniture: the copy's line is unmatched with a reason, and no sentence of the copy
    is aligned to the original's."""
    report = engine.check_files([str(seed(2))], [str(seed(3))])
    sentences = report.documents[0].sentences
    click = next(s for s in sentences if s.text == "Click to comment")
    assert click.status == "unmatched" and [r.code for r in click.reasons] == ["boilerplate"]
    assert not any(s.counterpart and "CLICK HERE" in s.counterpart.text for s in sentences)
    assert sum(s.status in ("match", "paraphrase", "drift") for s in sentences) >= 5  # the story is still compared


def test_story_grouping_ignores_shared_boilerplate(fake_engine):
    """Two pages of one site share "Leave a Reply": grouping compares only the story sentences."""
    from transcheck.pipeline.analysis import content_vectors

    doc = fake_engine.analyse_text("The council approved the budget on Monday.\nLeave a Reply\nConnect with us\n")
    assert [s.text for s in doc.segments][1:] == ["Leave a Reply", "Connect with us"]
    assert doc.content_rows == [0]
    assert content_vectors(doc).tolist() == doc.vectors[[0]].tolist()
