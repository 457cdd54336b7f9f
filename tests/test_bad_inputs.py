"""Issue #31: the bad-input matrix as one scan. One folder holds every kind of bad input next to two
good seeds; one scan (library and CLI) must raise nothing, give each bad case its exact outcome (a
per-file error, a warning on a decoded file, or a clean check) and leave the good files' reports
exactly as a scan of the two alone gives them. Slow: it scans with the real model."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import seed
from typer.testing import CliRunner

from transcheck.cli import app
from transcheck.config import Settings
from transcheck.pipeline import Engine

MAX_FILE_MB = 2  # the 100,000 nested <div>s (1.1 MB) fit; the 3 MB sparse file does not
GOOD = ("good_002.txt", "good_003.txt")

# a topic far from the seeds' (Trump and Putin), so the decoded bad files join no story with them
GARDEN = ("The village garden show opened on Sunday with prize marrows and roses. "
          "Judges praised the early tomatoes, and a local baker sold out of apple pies by noon.\n")
RUSSIAN = "Осенью в городском саду высадили сто новых лип и клёнов, сообщили садовники. " * 6
DEEP_DIVS = ("<!DOCTYPE html><html><body>" + "<div>" * 100_000 + "<p>" + GARDEN + "</p>"
             + "</div>" * 100_000 + "</body></html>")
ENTITY_BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
               + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
                         for i in range(1, 10))
               + ']>\n<html><body><p>&lol9;</p></body></html>\n')

# name -> (outcome, key word): "error" (not checked, an error with the word), "warning" (checked,
# a warning with the word) or "checked" (checked, no error or warning)
EXPECTED = {
    "empty.txt": ("error", "empty file"),
    "binary.txt": ("error", "binary"),
    "cp1251.txt": ("warning", "cp1251"),
    "huge.txt": ("error", "too large"),
    "loop_a.txt": ("error", "link loop"),
    "loop_b.txt": ("error", "link loop"),
    "dangling.txt": ("error", "dangling"),
    "fifo.txt": ("error", "FIFO"),
    "zero.txt": ("error", "device"),
    "deep.html": ("error", "no article text"),  # lxml stops at depth 255: the text below is not read
    "bomb.html": ("checked", ""),  # no entity is expanded: the text is "]> &lol9;"
    "odd_bom.txt": ("error", "no text"),  # one U+FFFD
    "script_only.html": ("error", "no text"),  # U+001F, then U+FFFD
    "surrogate.txt": ("warning", "3 invalid byte(s)"),
    "utf32.txt": ("checked", ""),
    "utf16_nobom.txt": ("warning", "UTF-16-LE"),
    "mixed.txt": ("warning", "2 invalid byte(s)"),
    os.fsdecode(b"bad\xff.txt"): ("checked", ""),
    "new\nline.txt": ("checked", ""),
    "locked": ("error", "cannot list folder"),
}


def _build(folder):
    folder.mkdir()
    shutil.copy(seed(2), folder / GOOD[0])
    shutil.copy(seed(3), folder / GOOD[1])
    files = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 16,
        "cp1251.txt": RUSSIAN.encode("cp1251"),
        "deep.html": DEEP_DIVS.encode(),
        "bomb.html": ENTITY_BOMB.encode(),
        "odd_bom.txt": b"\xfe\xff\x00",
        "script_only.html": b"<!DOCTYPE html><html><body><article><SCRIPT></SCRIPT>\x1f</article></body></html>",
        "surrogate.txt": GARDEN.encode() + b"A lone surrogate: \xed\xa0\x80.\n" + GARDEN.encode(),
        "utf32.txt": GARDEN.encode("utf-32"),
        "utf16_nobom.txt": (GARDEN * 3).encode("utf-16-le"),
        "mixed.txt": (GARDEN + "Crème brûlée for the judges.\n" + GARDEN).encode() + b"A caf\xe9 cr\xe8me stall.\n",
        os.fsdecode(b"bad\xff.txt"): GARDEN.encode(),
        "new\nline.txt": GARDEN.encode(),
    }
    for name, data in files.items():
        with open(os.path.join(os.fsencode(folder), os.fsencode(name)), "wb") as fh:
            fh.write(data)
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(3 * 1024 * 1024)  # sparse: over the limit, never read
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    os.mkfifo(folder / "fifo.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    (folder / "locked").mkdir()
    (folder / "locked" / "hidden.txt").write_text(GARDEN, encoding="utf-8")


def _locking_walk(real_walk):
    """os.walk as if ``locked`` could not be listed (chmod 000 stops no root): its error goes to
    onerror, and it is neither entered nor listed."""
    def walk(top, onerror=None, followlinks=False):
        for dirpath, dirnames, filenames in real_walk(top, onerror=onerror, followlinks=followlinks):
            if "locked" in dirnames:
                dirnames.remove("locked")
                onerror(PermissionError(13, "Permission denied", os.path.join(dirpath, "locked")))
            yield dirpath, dirnames, filenames
    return walk


def _outcomes(documents, errors):
    """name -> (outcome, messages) from a report's documents and errors (as dicts)."""
    checked = {os.path.basename(d["path"]) for d in documents}
    found: dict[str, tuple[str, list[str]]] = {}
    for e in errors:
        name = os.path.basename(e["path"])
        kind, messages = found.get(name, ("checked", []))
        found[name] = (e["severity"] if kind == "checked" else kind, messages + [e["message"]])
    for name in checked:
        kind, messages = found.get(name, ("checked", []))
        assert kind in ("checked", "warning"), (name, messages)  # a checked file has no error
        found[name] = (kind, messages)
    for name, (kind, _) in found.items():
        assert (kind == "error") == (name not in checked), name
    return found


def _assert_matrix(found):
    assert set(found) == set(EXPECTED) | set(GOOD)
    for name in GOOD:
        assert found[name] == ("checked", []), name
    for name, (kind, word) in EXPECTED.items():
        got_kind, messages = found[name]
        assert got_kind == kind, (name, messages)
        if word:
            assert len(messages) == 1 and word in messages[0], (name, messages)
        else:
            assert messages == [], (name, messages)


@pytest.mark.slow
def test_bad_input_matrix_in_one_scan(tmp_path, monkeypatch):
    folder = tmp_path / "inputs"
    _build(folder)
    monkeypatch.setattr("transcheck.text.read.os.walk", _locking_walk(os.walk))
    engine = Engine(Settings(max_file_mb=MAX_FILE_MB))

    report = engine.scan(str(folder))
    found = _outcomes([d.to_dict() for d in report.documents], [e.to_dict() for e in report.errors])
    _assert_matrix(found)
    assert sorted(os.path.basename(e.path) for e in report.failed) == sorted(n for n, (k, _) in EXPECTED.items() if k == "error")

    # the CLI, reading the same limit from the pyproject.toml of its working folder
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(f"[tool.transcheck]\nmax_file_mb = {MAX_FILE_MB}\n", encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["scan", str(folder), "--format", "json", "--quiet"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output  # unreadable files are a finding; some files were checked
    payload = json.loads(result.stdout)
    assert _outcomes(payload["documents"], payload["errors"]) == found
    assert [d["path"] for d in payload["documents"]] == [d.path for d in report.documents]

    # what could not be read changes no other result: every checked file's report (and warnings) is
    # that of a scan of the checked files alone
    readable = tmp_path / "readable"
    readable.mkdir()
    for d in report.documents:
        shutil.copy(d.path, os.path.join(readable, os.path.basename(d.path)))
    clean = engine.scan(str(readable))
    assert _as_json(clean, readable) == _as_json(report, folder, drop_errors=True)

    # the two good files alone: the same per-document verdicts. Their story links are not compared: story
    # grouping weighs shared names by their rarity in the folder (idf), and with two documents every
    # shared name has weight log(3/3) = 0, so the two are compared with each other only in a bigger folder.
    alone = tmp_path / "alone"
    alone.mkdir()
    for name in GOOD:
        shutil.copy(folder / name, alone / name)
    good = engine.scan(str(alone))
    assert not good.errors and sorted(os.path.basename(d.path) for d in good.documents) == sorted(GOOD)
    want = {os.path.basename(d.path): _verdicts(d.to_dict()) for d in good.documents}
    assert {n: _verdicts(d.to_dict()) for d in report.documents if (n := os.path.basename(d.path)) in GOOD} == want
    assert {n: _verdicts(d) for d in payload["documents"] if (n := os.path.basename(d["path"])) in GOOD} == want


def _as_json(report, folder, drop_errors=False) -> str:
    payload = report.to_dict()
    payload.pop("settings", None)
    if drop_errors:
        payload["errors"] = [e for e in payload["errors"] if e["severity"] == "warning"]
    return json.dumps(payload, sort_keys=True, ensure_ascii=False).replace(str(folder), "FOLDER")


def _verdicts(doc: dict) -> dict:
    """A document's own verdicts: machine translation and each sentence's text, language and score."""
    return {"machine_translated": doc["machine_translated"], "mt_score": doc["mt_score"],
            "mt_reasons": doc["mt_reasons"],
            "sentences": [(s["start"], s["end"], s["text"], s["language"], s["mt_score"]) for s in doc["sentences"]]}
