"""Language of each sentence: langdetect with a fixed seed, backed by a Unicode-script check.

langdetect is unreliable on short lines ("From CNN:" comes out as Portuguese), so:
- a line whose letters are mostly in a non-Latin script gets that script's language family at once
  (Cyrillic lines with letters only Russian has are Russian; the others are told apart by
  langdetect, e.g. ``uk`` vs ``bg``);
- a short Latin-script line (fewer than ``SHORT_WORDS`` words) is English unless langdetect is
  confident and the line has no English function word;
- a longer Latin-script line with a clear share of English function words is English without
  running langdetect (the fast path: langdetect costs ~4 ms a sentence).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from .english import ENGLISH_FUNCTION_WORDS

SHORT_WORDS = 4
# Share of English function words above which a Latin line is taken as English without langdetect.
ENGLISH_FAST_PATH = 0.25

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


_SCRIPT_LANG = {
    "CYRILLIC": "ru",
    "ARABIC": "ar",
    "HEBREW": "he",
    "GREEK": "el",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
}

# Languages langdetect may name for a line in each script; anything else is a misfire
# (langdetect calls short Han-only lines Korean, although Korean is written in Hangul).
_SCRIPT_CANDIDATES = {
    "CYRILLIC": ("ru", "uk", "bg", "mk"),
    "ARABIC": ("ar", "fa", "ur"),
    "CJK": ("zh-cn", "zh-tw", "ja"),
}

_lock = threading.Lock()


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "OTHER"
    first = name.split(" ", 1)[0]
    if first == "CJK":
        return "CJK"
    return first


def script_profile(text: str) -> dict[str, int]:
    """Count letters per Unicode script (LATIN, CYRILLIC, CJK, ...)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            s = _char_script(ch)
            counts[s] = counts.get(s, 0) + 1
    return counts


def dominant_script(text: str) -> tuple[str, float]:
    prof = script_profile(text)
    total = sum(prof.values())
    if not total:
        return "NONE", 0.0
    script, n = max(prof.items(), key=lambda kv: (kv[1], kv[0]))
    return script, n / total


# Letters that Russian has and Ukrainian, Bulgarian, Serbian and Macedonian lack (Belarusian has them
# too, but also "ў"), and letters of those languages that Russian lacks.
_RUSSIAN_ONLY = frozenset("ыэёЫЭЁ")
_OTHER_CYRILLIC = frozenset("іїєґўјљњћџђѓќѕІЇЄҐЎЈЉЊЋЏЂЃЌЅ")


def _russian_letters(text: str) -> bool:
    """Cyrillic text that can only be Russian: it has "ы", "э" or "ё" and no letter of another
    language. langdetect is slower and less sure here ("Пусть будет всё хорошо у них." comes out as
    Ukrainian with probability 1.0); the other Cyrillic lines still go to it."""
    letters = set(text)
    return bool(letters & _RUSSIAN_ONLY) and not letters & _OTHER_CYRILLIC


def _langdetect(text: str) -> tuple[str, float]:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:  # DetectorFactory is global state
        DetectorFactory.seed = 0
        try:
            langs = detect_langs(text)
        except LangDetectException:
            return "und", 0.0
    best = langs[0]
    return best.lang, float(best.prob)


def english_share(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in ENGLISH_FUNCTION_WORDS) / len(words)


@lru_cache(maxsize=65_536)  # pure (langdetect is seeded per call); copies repeat sentences
def detect_language(text: str) -> str:
    """ISO 639-1 code of a sentence, ``und`` when it has no letters."""
    script, share = dominant_script(text)
    if script == "NONE":
        return "und"
    if script != "LATIN" and share >= 0.5:
        lang = _SCRIPT_LANG.get(script, "und")
        if script == "CYRILLIC" and _russian_letters(text):
            return "ru"
        if script in _SCRIPT_CANDIDATES and len(text) >= 12:
            detected, prob = _langdetect(text)
            if prob >= 0.7 and detected in _SCRIPT_CANDIDATES[script]:
                return detected
        return lang
    words = _WORD.findall(text)
    en = english_share(words)
    if len(words) < SHORT_WORDS:
        if en > 0:
            return "en"
        detected, prob = _langdetect(text)
        return detected if (prob >= 0.95 and len(text) >= 15) else "en"
    if en >= ENGLISH_FAST_PATH:
        return "en"
    detected, prob = _langdetect(text)
    if detected != "en" and (prob < 0.8 or en >= 0.15):
        return "en"
    return detected
