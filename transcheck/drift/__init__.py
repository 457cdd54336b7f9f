"""Drift: does a candidate sentence still say what its original says?

``evidence`` compares the two sentences (numbers, dates, names, negation, quotations, ...);
``scorer`` turns the evidence into a calibrated drift score, a status, reasons and highlights.
"""

from .evidence import FEATURES, Analyzer, fold, negation_cues, numbers, quotes, tokenize
from .scorer import analyzer, drift_settings, prefetch, score_pairs, score_split

__all__ = ["FEATURES", "Analyzer", "analyzer", "drift_settings", "fold", "negation_cues", "numbers", "prefetch",
           "quotes", "score_pairs", "score_split", "tokenize"]
