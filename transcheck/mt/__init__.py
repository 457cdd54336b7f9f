"""Machine-translation detection: hand rules with checkable reasons (``rules``), the features of the
learned detector (``features``, shared with its training script) and the document verdict (``detector``)."""

from .detector import (
    detect_mt_document,
    detector_settings,
    model_params,
    tagged_sentences,
    uncertain_threshold,
)
from .features import (
    PATTERNS,
    PUNCT_CLASSES,
    bow_tokens,
    char_grams,
    pos_grams,
    style_feature_names,
    style_profile,
    style_profile_names,
    word_grams,
)
from .rules import CasingCorpus, casing_corpus

__all__ = [
    "PATTERNS",
    "PUNCT_CLASSES",
    "CasingCorpus",
    "bow_tokens",
    "casing_corpus",
    "char_grams",
    "detect_mt_document",
    "detector_settings",
    "model_params",
    "pos_grams",
    "style_feature_names",
    "style_profile",
    "style_profile_names",
    "tagged_sentences",
    "uncertain_threshold",
    "word_grams",
]
