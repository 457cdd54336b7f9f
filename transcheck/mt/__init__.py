"""Machine-translation detection: hand rules with checkable reasons (``rules``), the features of the
learned detector (``features``, shared with its training script) and the document verdict (``detector``)."""

from .detector import (
    detect_mt_document,
    detector_settings,
    model_params,
    tagged_sentences,
)
from .features import (
    PATTERNS,
    PUNCT_CLASSES,
    bow_tokens,
    bow_vector,
    doc_feature_names,
    doc_features,
    feature_group,
    pos_profile,
    sentence_feature_names,
    sentence_matrix,
    style_feature_names,
)
from .rules import CasingCorpus, casing_corpus

__all__ = [
    "PATTERNS",
    "PUNCT_CLASSES",
    "CasingCorpus",
    "bow_tokens",
    "bow_vector",
    "casing_corpus",
    "detect_mt_document",
    "detector_settings",
    "doc_feature_names",
    "doc_features",
    "feature_group",
    "model_params",
    "pos_profile",
    "sentence_feature_names",
    "sentence_matrix",
    "style_feature_names",
    "tagged_sentences",
]
