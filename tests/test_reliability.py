"""Issue #31: nothing one file does can stop a scan, hide a result or pass for a finding.

Exit codes (3: internal error, logged), output paths, empty scans, decoding that never raises,
``compare --pairs`` line errors, folders a walk cannot enter, file names that could forge report
lines, and ``--help`` showing flags as flags. Fast: the engine is the hashing one of conftest."""

from __future__ import annotations

import json
import os

import pytest
from conftest import HashEncoder
from typer.testing import CliRunner

from transcheck import api
from transcheck.cli import app
from transcheck.jsonutil import pretty
from transcheck.report import get_formatter
from transcheck.results import FileError, Report
from transcheck.text.clean import clean_text, shown_path
from transcheck.text.read import decode_bytes, iter_files, load_text

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def fake_engine():
    """Hashing vectors of the model's dimension (384), so that the learned models take them."""
    from transcheck.config import Settings
    from transcheck.pipeline import Engine

    return Engine(Settings(cache=False), encoder=HashEncoder(dim=384))


@pytest.fixture()
def cli_engine(monkeypatch, fake_engine):
    """The CLI's commands run on the hashing encoder."""
    monkeypatch.setattr("transcheck.cli._engine", lambda *a, **k: fake_engine)
    return fake_engine


# -- 4. decoding ----------------------------------------------------------------------------------
def test_bom_with_odd_bytes_decodes_with_replacement():
    text, encoding, warnings = decode_bytes(b"\xfe\xff\x00")
    assert encoding == "utf-16" and text == "\ufffd"
    assert warnings and "U+FFFD" in warnings[0]


def test_utf16_lone_surrogate_decodes_with_replacement():
    data = b"\xff\xfe" + "a\ud800b".encode("utf-16-le", "surrogatepass")
    text, _, warnings = decode_bytes(data)
    assert text[0] == "a" and text[-1] == "b" and "\ufffd" in text and warnings


def test_utf32_is_decoded_as_utf32(tmp_path):
    body = "The president met the prime minister on Monday.\nThey agreed on trade.\n"
    for name, data in (("le.txt", body.encode("utf-32")),  # Python writes the LE mark FF FE 00 00
                       ("be.txt", b"\x00\x00\xfe\xff" + body.encode("utf-32-be"))):
        (tmp_path / name).write_bytes(data)
        loaded = load_text(tmp_path / name)
        assert loaded.text == body and loaded.encoding == "utf-32" and not loaded.warnings


def test_control_characters_are_replaced_one_for_one():
    text, _, warnings = decode_bytes(b"a\x00b\x1bc\x7fd\te\r\nf\x0cg")
    assert text == "a\ufffdb\ufffdc\ufffdd\te\r\nf\ufffdg"
    assert any("replaced by U+FFFD" in w for w in warnings)
    assert clean_text("x\ud800y\x85z") == ("x\ufffdy\ufffdz", 2)


def test_api_takes_lone_surrogates(fake_engine):
    text = "The minister \ud800 spoke on Monday. Prices rose 3% in May.\x00 Trade grew."
    report = api.check(text, ["The minister spoke on Monday. Prices rose 3% in May."], engine=fake_engine)
    assert report.sentences
    for s in report.sentences:
        assert s.text == clean_text(text[s.start:s.end])[0]  # offsets index the given text
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")
    api.detect_mt("\ud800 Lone surrogates \udfff everywhere.", engine=fake_engine)
    results = api.compare(["Sales rose \ud800."], ["Sales fell \udc00."], engine=fake_engine)
    assert len(results) == 1


# -- 6. folders a walk cannot enter ---------------------------------------------------------------------
def _walk_with_a_locked_folder(root, onerror=None, followlinks=False):
    onerror(PermissionError(13, "Permission denied", os.path.join(root, "locked")))
    yield root, [], ["a.txt"]


def test_walk_error_is_reported_per_path(tmp_path, monkeypatch, fake_engine):
    (tmp_path / "a.txt").write_text("The minister spoke on Monday. Prices rose in May.", encoding="utf-8")
    monkeypatch.setattr("transcheck.text.read.os.walk", _walk_with_a_locked_folder)
    errors: list[tuple[str, str]] = []
    assert list(iter_files(tmp_path, onerror=lambda p, m: errors.append((p, m)))) == [str(tmp_path / "a.txt")]
    assert errors == [(str(tmp_path / "locked"), "cannot list folder: permission denied")]
    report = fake_engine.scan(str(tmp_path))
    assert [d.path for d in report.documents] == [str(tmp_path / "a.txt")]
    assert [(e.path, e.severity) for e in report.errors] == [(str(tmp_path / "locked"), "error")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root enters any folder")
def test_unreadable_folder_is_reported(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        errors: list[tuple[str, str]] = []
        list(iter_files(tmp_path, onerror=lambda p, m: errors.append((p, m))))
        assert errors and errors[0][0] == str(locked)
    finally:
        locked.chmod(0o755)


# -- 7. file names that could forge lines -------------------------------------------------------------
def test_shown_path_escapes_what_could_forge_a_line():
    assert shown_path("news/a.txt") == "news/a.txt"
    assert shown_path("a\nerror: b.txt") == "a\\nerror: b.txt"
    assert shown_path("a\u202etxt.exe") == "a\\u202etxt.exe"
    assert shown_path(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert shown_path("café ünïcode.txt") == "café ünïcode.txt"


def test_odd_file_names_are_escaped_in_reports(tmp_path, fake_engine):
    body = "The minister spoke on Monday. Prices rose in May."
    names = ["a\nerror: forged.txt", "b\u202etxt.md", os.fsdecode(b"c\xff.txt")]
    for name in names:
        with open(os.path.join(os.fsencode(tmp_path), os.fsencode(name)), "w", encoding="utf-8") as fh:
            fh.write(body)
    report = fake_engine.scan(str(tmp_path))
    report.errors.append(FileError(str(tmp_path / "x\ny.txt"), "cannot read"))
    text = get_formatter("text")(report)
    text.encode("utf-8")
    assert "\u202e" not in text and "\\u202e" in text and "\\xff" in text and "a\\nerror: forged.txt" in text
    assert not any(line.startswith(("error: forged", "y.txt")) for line in text.splitlines())
    html = get_formatter("html")(report)
    html.encode("utf-8")
    assert "\u202e" not in html
    payload = get_formatter("json")(report)
    assert {d["path"] for d in json.loads(payload.encode("utf-8"))["documents"]} == {str(tmp_path / n) for n in names}


def test_report_with_only_errors_renders_escaped():
    report = Report(settings={})
    report.errors.append(FileError("evil\n\u202ename.txt", "empty file"))
    assert get_formatter("text")(report).strip() == "error: evil\\n\\u202ename.txt: empty file"
    assert pretty({"p": os.fsdecode(b"\xff")}).encode("utf-8")
