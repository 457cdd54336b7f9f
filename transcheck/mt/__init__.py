"""Machine-translation detection: hand rules with checkable reasons and a learned detector."""

from .detector import (
    CasingCorpus,
    casing_corpus,
    detect_mt_document,
    detector_settings,
    tagged_sentences,
)

__all__ = ["CasingCorpus", "casing_corpus", "detect_mt_document", "detector_settings", "tagged_sentences"]
