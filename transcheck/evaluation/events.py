"""The ``events`` task: transcheck on independent reports of the same events (ECB+).

``../shared/eval/events`` (its README.md is the authority for every definition here) holds 220 news
reports of 22 events (11 ECB+ topics, two look-alike events each), the gold event of each document,
the annotated sentences and a label for every pair of annotated sentences of one topic
(``same_event_instance``). These reports are not translations or copies of each other, so almost every
``drift`` flag between them is a false alarm. The task scans the 220 texts as one folder, as a user
would, and measures:

* sentences: how many sentences of documents that have originals were checked, how many were aligned
  (``match`` / ``paraphrase`` / ``drift``) and flagged ``drift``, per 100;
* labelled pairs: an aligned sentence whose own span and whose counterpart's span each match an
  annotated sentence (overlap of at least half of the shorter span) gives a labelled pair; the share
  that is ``same_event_instance`` is an upper bound on alignment precision, and a ``drift`` flag on a
  pair that is not, or whose counterpart is in a document of another gold event, is surely false;
* alignment recall over the ``same_event_instance`` pairs (aligned in either direction);
* story grouping against the gold events.

Nothing here runs at transcheck's run time; ``scripts/evaluate.py --tasks events`` calls
:func:`events_task`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from transcheck.devdata import read_jsonl
from transcheck.results import MT_REASON_CODES, Report, SentenceReport

from .metrics import adjusted_rand, clusters_of, matching_spans, pairwise_prf, per_100, ratio

ALIGNED = ("match", "paraphrase", "drift")
SAMPLE_SIZE = 40

Key = tuple[str, int]  # (file name, the corpus's sentence number)


def events_task(eval_dir: Path | str, engine: Any = None, sample: int = SAMPLE_SIZE) -> dict[str, Any]:
    """Scan ``<eval_dir>/events/texts`` as one folder (no cache: every figure is computed afresh) and
    measure it against the gold. ``engine``: a :class:`transcheck.pipeline.Engine` to reuse."""
    folder = events_dir(eval_dir)
    gold = read_jsonl(folder / "gold.jsonl")
    pairs = read_jsonl(folder / "pairs.jsonl")
    if engine is None:
        from transcheck.config import Settings
        from transcheck.pipeline import Engine

        engine = Engine(Settings(cache=False))
    report = engine.scan(str(folder / "texts"))
    return measure_events(report, gold, pairs, sample)


def events_dir(eval_dir: Path | str) -> Path:
    """``eval_dir/events``, or ``eval_dir`` itself when it is the events folder."""
    eval_dir = Path(eval_dir)
    return eval_dir if (eval_dir / "gold.jsonl").exists() else eval_dir / "events"


# ---------------------------------------------------------------------------------------------
# the gold
class Gold:
    """gold.jsonl and pairs.jsonl, indexed: each file's event and annotated spans, and each pair's label."""

    def __init__(self, gold: Iterable[dict[str, Any]], pairs: Iterable[dict[str, Any]]):
        self.records = {g["file"]: g for g in gold}
        self.event = {f: g["event"] for f, g in self.records.items()}
        self.topic = {f: g["topic"] for f, g in self.records.items()}
        self.annotated: dict[str, list[tuple[int, int, int]]] = {
            f: [(a["start"], a["end"], a["sentence"]) for a in g.get("annotated", [])] for f, g in self.records.items()
        }
        self.label: dict[frozenset[Key], bool] = {}
        for p in pairs:
            a, b = p["a"], p["b"]
            key = frozenset({(a["file"], a["sentence"]), (b["file"], b["sentence"])})
            self.label[key] = bool(p["same_event_instance"])
        self.true_pairs = {k for k, v in self.label.items() if v}
        self.partners: dict[Key, set[Key]] = {}  # annotated sentence -> its same-event partners
        for pair in self.true_pairs:
            a, b = tuple(pair)
            self.partners.setdefault(a, set()).add(b)
            self.partners.setdefault(b, set()).add(a)

    def sentences_at(self, file: str, start: int, end: int) -> list[Key]:
        """The annotated sentences of ``file`` that the span matches (overlap >= half of the shorter)."""
        spans = self.annotated.get(file, [])
        return [(file, spans[i][2]) for i in matching_spans((start, end), [(s, e) for s, e, _ in spans])]

    def same_event(self, left: list[Key], right: list[Key]) -> bool:
        """Whether any annotated sentence of ``left`` and any of ``right`` share an event instance. A pair
        absent from pairs.jsonl (two topics) is false."""
        return any(frozenset({a, b}) in self.true_pairs for a in left for b in right)


def drift_reasons(s: SentenceReport) -> list[str]:
    """A sentence's reasons as ``code: message``, without the MT detector's (they are not drift evidence)."""
    return [f"{r.code}: {r.message}" for r in s.reasons if r.code not in MT_REASON_CODES]


def _name(path: str | None) -> str:
    return os.path.basename(path or "")


# ---------------------------------------------------------------------------------------------
# measuring a report
def measure_events(report: Report, gold_records: Iterable[dict[str, Any]], pair_records: Iterable[dict[str, Any]],
                   sample: int = SAMPLE_SIZE) -> dict[str, Any]:
    """The figures of one scan of the events folder (``report``) against its gold."""
    gold = Gold(gold_records, pair_records)
    out: dict[str, Any] = {"documents": len(report.documents), "errors": len(report.failed),
                           # MT documents are checked only against the story's English human ones
                           "documents_machine_translated": sum(d.machine_translated for d in report.documents)}
    out.update(_sentence_figures(report, gold, sample))
    out["stories"] = story_figures(report.stories, gold)
    return out


def _sentence_figures(report: Report, gold: Gold, sample: int) -> dict[str, Any]:
    by_status: dict[str, int] = {}
    checked = with_originals = 0
    labelled: dict[str, list[int]] = {s: [0, 0] for s in ALIGNED}  # status -> [labelled, same_event_instance]
    drift = drift_labelled = drift_false = drift_other_event = 0
    covered: set[frozenset[Key]] = set()  # annotated pairs some aligned sentence links
    compared: set[frozenset[str]] = set()  # document pairs one was checked against the other
    eligible = eligible_hit = 0  # sentence-level recall (see below)
    flags: list[dict[str, Any]] = []
    for doc in report.documents:
        file = _name(doc.path)
        against = {_name(p) for p in doc.against}
        if not against:
            continue
        with_originals += 1
        compared.update(frozenset({file, o}) for o in against)
        for i, s in enumerate(doc.sentences):
            checked += 1
            status = s.status or "none"
            by_status[status] = by_status.get(status, 0) + 1
            mine = gold.sentences_at(file, s.start, s.end)
            # a sentence that reports an event instance some original's annotated sentence also reports
            partners = {k for a in mine for k in gold.partners.get(a, ()) if k[0] in against}
            eligible += bool(partners)
            if status not in ALIGNED or s.counterpart is None:
                continue
            cp = s.counterpart
            cp_file = _name(cp.path)
            theirs = gold.sentences_at(cp_file, cp.start, cp.end)
            covered.update(frozenset({a, b}) for a in mine for b in theirs)
            eligible_hit += bool(partners & set(theirs))
            is_labelled = bool(mine and theirs)
            same = gold.same_event(mine, theirs)
            if is_labelled:
                labelled[status][0] += 1
                labelled[status][1] += same
            if status != "drift":
                continue
            other_event = gold.event.get(file) != gold.event.get(cp_file)
            surely_false = other_event or (is_labelled and not same)
            drift += 1
            drift_labelled += is_labelled
            drift_other_event += other_event
            drift_false += surely_false
            flags.append({
                "doc": file, "event": gold.event.get(file), "index": i, "text": s.text,
                "counterpart_doc": cp_file, "counterpart_event": gold.event.get(cp_file), "counterpart_text": cp.text,
                "drift_score": s.drift_score, "labelled": is_labelled,
                "same_event_instance": same if is_labelled else None, "surely_false": surely_false,
                "reasons": drift_reasons(s),
            })
    aligned = sum(by_status.get(s, 0) for s in ALIGNED)
    n_labelled = sum(v[0] for v in labelled.values())
    n_same = sum(v[1] for v in labelled.values())
    true_compared = {p for p in gold.true_pairs if frozenset(k[0] for k in p) in compared}
    return {
        "documents_with_originals": with_originals,
        "checked_sentences": checked,
        "aligned": aligned,
        "by_status": dict(sorted(by_status.items())),
        "drift": drift,
        "drift_per_100_checked": per_100(drift, checked),
        "drift_per_100_aligned": per_100(drift, aligned),
        "aligned_labelled": n_labelled,
        "aligned_same_event_share": ratio(n_same, n_labelled),
        "labelled_by_status": {s: {"labelled": v[0], "same_event_share": ratio(v[1], v[0])}
                               for s, v in labelled.items()},
        "drift_labelled": drift_labelled,
        "drift_counterpart_other_event": drift_other_event,
        "drift_false_sure": drift_false,
        "drift_false_sure_share": ratio(drift_false, drift),
        "same_event_pairs": len(gold.true_pairs),
        "alignment_recall": ratio(len(gold.true_pairs & covered), len(gold.true_pairs)),
        # the same over the pairs of documents that were compared (one in the other's originals)
        "same_event_pairs_compared": len(true_compared),
        "alignment_recall_compared": ratio(len(true_compared & covered), len(true_compared)),
        # of the checked sentences that match an annotated sentence with a same-event partner in one
        # of their originals, the share aligned to such a partner (not bounded by one counterpart)
        "sentences_with_partner": eligible,
        "alignment_recall_sentences": ratio(eligible_hit, eligible),
        "drift_samples": spread(sorted(flags, key=lambda f: (f["doc"], f["index"])), sample),
    }


def spread(items: list[Any], k: int) -> list[Any]:
    """``k`` items evenly spread over ``items`` (all of them when there are no more than ``k``)."""
    n = len(items)
    if n <= k:
        return list(items)
    return [items[j * n // k] for j in range(k)]


# ---------------------------------------------------------------------------------------------
# stories
def story_figures(stories: Iterable[Iterable[str]], gold: Gold) -> dict[str, Any]:
    """Story grouping against the gold events: pairwise P / R / F1 over document pairs, adjusted Rand,
    topics whose two events share a story, stories across topics, singletons."""
    found = [sorted(_name(p) for p in s) for s in stories]
    found = [[f for f in s if f in gold.event] for s in found]
    found = [s for s in found if s]
    truth = clusters_of(gold.event)
    prf = pairwise_prf(found, truth)
    merged_topics = sorted({gold.topic[f] for s in found for f in s
                            if len({gold.event[g] for g in s if gold.topic[g] == gold.topic[f]}) > 1})
    multi_topic = [s for s in found if len({gold.topic[f] for f in s}) > 1]
    split_events = sorted(e for e in set(gold.event.values())
                          if sum(1 for s in found if any(gold.event[f] == e for f in s)) > 1)
    return {
        "stories": len(found),
        "gold_events": len(truth),
        "topics": len(set(gold.topic.values())),
        **prf,
        "adjusted_rand": adjusted_rand(found, truth),
        "topics_merged": len(merged_topics),
        "topics_merged_list": merged_topics,
        "stories_multi_topic": len(multi_topic),
        "singleton_stories": sum(1 for s in found if len(s) == 1),
        "largest_story": max((len(s) for s in found), default=0),
        "gold_events_split": len(split_events),
    }
