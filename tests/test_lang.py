from transcheck.text.language import detect_language, dominant_script


def test_russian_headline_is_ru():
    assert detect_language("Трамп и Путин подтвердили общую цель – уничтожение «Исламского государства»") == "ru"


def test_short_english_lines_are_not_foreign():
    for line in ("From CNN:", "Click to comment", "Connect with us", "Before The Meeting", "From Politico:"):
        assert detect_language(line) == "en", line


def test_other_languages():
    fr = "Les deux présidents se sont rencontrés samedi matin à Da Nang pour discuter de la Syrie."
    de = "Die beiden Präsidenten haben sich am Samstag in Da Nang getroffen und über Syrien gesprochen."
    zh = "特朗普和普京确认了他们的共同目标"
    assert detect_language(fr) == "fr"
    assert detect_language(de) == "de"
    assert detect_language(zh) == "zh-cn" or detect_language(zh).startswith("zh")


def test_english_sentences(seed_texts):
    assert detect_language("The presidents of the United States and Russia held a brief meeting in da Nang") == "en"


def test_deterministic():
    s = "Il presidente ha detto che non discuterà con Putin."
    assert len({detect_language(s) for _ in range(5)}) == 1


def test_script_profile():
    assert dominant_script("Путин said") == ("CYRILLIC", 5 / 9)
    assert dominant_script("123 !!")[0] == "NONE"


def test_cyrillic_with_letters_only_russian_has_is_russian():
    """"ы", "э", "ё" without Ukrainian / Balkan letters: Russian, without asking langdetect (which calls
    this line Ukrainian); Ukrainian letters still lead to langdetect."""
    from transcheck.text.language import detect_language

    assert detect_language("Пусть будет всё хорошо у них.") == "ru"
    assert detect_language("Президент заявил, что переговоры были трудными.") == "ru"
    assert detect_language("Президент України заявив, що переговори були складними.") == "uk"
