"""A record of every setting that shapes results, like sacrebleu's signature."""

from __future__ import annotations

from importlib import metadata
from typing import Any

from . import __version__
from .config import Settings


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "not installed"


def signature(settings: Settings) -> dict[str, Any]:
    from . import align, stories
    from .drift import drift_settings
    from .embed import default_cache_dir, resolve_model
    from .mt import detector_settings
    from .tagger import tagger_name

    model = resolve_model(settings.model)
    mt = detector_settings(settings.mt_threshold)
    drift = drift_settings(settings.drift_threshold)
    aligner = align.align_settings(settings.align_threshold)
    sig: dict[str, Any] = {
        "version": __version__,
        "model": {"name": model.name, "path": model.path},
        "thresholds": {
            "mt": mt,
            "drift": drift,
            "align": aligner,
            "story": {
                "threshold": stories.default_threshold() if settings.story_threshold is None
                else settings.story_threshold,
                "link_share": stories.link_share(),
                "model": stories.model_digest(),
            },
        },
        "components": {
            "segmenter": f"pysbd {_version('pysbd')}",
            "language": f"langdetect {_version('langdetect')} seed=0 + unicode script",
            "sacrebleu": _version("sacrebleu"),
            "sentence-transformers": _version("sentence-transformers"),
            "html": f"trafilatura {_version('trafilatura')}",
            "tagger": tagger_name(),
        },
        "cache": {"enabled": settings.cache, "dir": str(settings.cache_dir or default_cache_dir())},
        "max_file_mb": settings.max_file_mb,
    }
    sig["signature"] = (
        f"transcheck:{__version__}|model:{model.name}|mt:{mt.get('threshold')}|drift:{drift.get('threshold')}"
        f"|align:{aligner['model']}:{aligner['threshold']}|story:{sig['thresholds']['story']['threshold']}"
    )
    return sig
