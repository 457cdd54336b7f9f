#!/usr/bin/env python
"""Build transcheck/data/story_background.json: how many documents of a fixed background corpus hold
each story anchor (:func:`transcheck.stories.anchors`). Story grouping weighs anchors by this table,
not by the scanned folder, so that whether two documents are one story does not depend on the other
files (issue #30).

The background is English news and news-like text of the dev data that is *not* ECB+ (ECB+ is what
the story model is trained and measured on): the mt_general native English documents and references,
the WMT ru-en and MQM zh-en reference documents, DEMETR references and MRPC sentences in blocks of 8.
Only anchors held by at least 2 units are kept (an anchor absent from the table counts as unseen,
the rarest).

    .venv/bin/python scripts/build_story_background.py [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transcheck.devdata import default_eval_dir, read_jsonl  # noqa: E402
from transcheck.stories import anchors  # noqa: E402

OUT = ROOT / "transcheck" / "data" / "story_background.json"
MIN_DF = 2


def units(eval_dir: Path) -> list[str]:
    out = [" ".join(r["segments"]) for r in read_jsonl(eval_dir / "mt_general" / "native_en.jsonl")]
    out += [" ".join(r["ref"]) for r in read_jsonl(eval_dir / "mt_general" / "wmt_xen.jsonl")]
    out += [" ".join(r["ref"]) for r in read_jsonl(eval_dir / "wmt_ruen.jsonl")]
    mqm: dict[str, dict[str, str]] = {}
    for r in read_jsonl(eval_dir / "mqm_zhen.jsonl"):
        mqm.setdefault(r["doc"], {})[r["seg_id"]] = r["ref"]
    out += [" ".join(d.values()) for d in mqm.values()]
    seen: set[str] = set()
    items = []
    for r in read_jsonl(eval_dir / "demetr.jsonl"):
        if r["item_id"] not in seen:
            seen.add(r["item_id"])
            items.append(r["ref"])
    out += [" ".join(items[i : i + 8]) for i in range(0, len(items), 8)]
    pairs = read_jsonl(eval_dir / "pairs.jsonl")
    out += [" ".join(r["a"] for r in pairs[i : i + 8]) for i in range(0, len(pairs), 8)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    args = ap.parse_args()
    texts = units(args.eval_dir)
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(anchors(t)))
    kept = {w: c for w, c in sorted(df.items()) if c >= MIN_DF}
    OUT.write_text(json.dumps({"version": 1, "source": "dev data less ECB+, see " + Path(__file__).name,
                               "n": len(texts), "df": kept}, ensure_ascii=False, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{len(texts)} background units, {len(df)} anchors, {len(kept)} kept -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
