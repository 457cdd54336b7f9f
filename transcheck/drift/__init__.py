"""Drift: does a candidate sentence still say what its original says?

``evidence`` compares the two sentences, one module per kind of evidence (``figures``, ``names``,
``polarity``, ``antonyms``, ``quotations``, ``content``; the records in ``pair``, words in ``tokens``);
``scorer`` turns the evidence into a calibrated drift score, a status, reasons and highlights.
"""

from .evidence import Analyzer
from .figures import numbers
from .pair import FEATURES
from .polarity import negation_cues
from .quotations import quotes
from .scorer import analyzer, drift_settings, prefetch, score_pairs, score_split
from .tokens import fold, tokenize

__all__ = ["FEATURES", "Analyzer", "analyzer", "drift_settings", "fold", "negation_cues", "numbers", "prefetch",
           "quotes", "score_pairs", "score_split", "tokenize"]
