"""Issue #33: a scan interrupted with Ctrl-C and run again reuses what the first run computed (the
embedding cache and the stories already delivered) and reports exactly what an uninterrupted scan
reports. Real model (slow)."""

from __future__ import annotations

import shutil

import pytest
from conftest import SEEDS

from transcheck.config import Settings
from transcheck.pipeline import Engine
from transcheck.pipeline import scan as scan_module
from transcheck.report.jsonfmt import render


def _engine(cache_dir) -> Engine:
    return Engine(Settings(jobs=1, cache_dir=str(cache_dir)))


@pytest.mark.slow
def test_interrupted_scan_resumes_from_the_cache_and_loses_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    clean = render(_engine(tmp_path / "clean-cache").scan(str(folder)))

    cache = tmp_path / "cache"
    delivered: list[list[str]] = []
    real_deliver = scan_module._Scan._deliver

    def deliver_then_interrupt(self, story):
        if delivered:  # Ctrl-C while the second story is being delivered
            raise KeyboardInterrupt
        real_deliver(self, story)
        delivered.append([m for m, _ in story.members])

    monkeypatch.setattr(scan_module._Scan, "_deliver", deliver_then_interrupt)
    first = _engine(cache)
    with pytest.raises(KeyboardInterrupt):
        first.scan(str(folder))
    monkeypatch.setattr(scan_module._Scan, "_deliver", real_deliver)
    assert len(delivered) == 1 and first.encoder.encoded > 0

    analysed: list[list[str]] = []
    real_story_reports = scan_module.story_reports

    def counting_story_reports(engine, items):
        analysed.append([item.path for item, _ in items])
        return real_story_reports(engine, items)

    monkeypatch.setattr(scan_module, "story_reports", counting_story_reports)
    second = _engine(cache)
    resumed = render(second.scan(str(folder)))
    assert resumed == clean  # nothing lost, nothing duplicated
    # the story delivered before the interrupt came from the result cache, not analysed again
    assert delivered[0] not in analysed and analysed
    # every sentence of pass 1 was embedded by the first run: the second embeds only drift words
    segmented = sum(len(d["sentences"]) for d in __import__("json").loads(resumed)["documents"])
    assert second.encoder.encoded < segmented
