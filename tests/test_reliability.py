"""Issue #31: nothing one file does can stop a scan, hide a result or pass for a finding.

Exit codes (3: internal error, logged), output paths, empty scans, decoding that never raises,
``compare --pairs`` line errors, folders a walk cannot enter, file names that could forge report
lines, and ``--help`` showing flags as flags. Fast: the engine is the hashing one of conftest."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from conftest import HashEncoder, seed
from typer.testing import CliRunner

from transcheck import api
from transcheck.cli import app
from transcheck.cliguard import EXIT_INTERNAL
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


# -- 1. exit codes --------------------------------------------------------------------------------
def _boom(*a, **k):
    raise RuntimeError("boom\nwith a second line")


def test_internal_error_is_exit_3_one_line_and_a_log(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("TRANSCHECK_CACHE_DIR", str(cache))
    monkeypatch.setattr("transcheck.cli._engine", _boom)
    out = tmp_path / "report.json"
    out.write_text('{"old": "report"}', encoding="utf-8")
    result = invoke("check", seed(0), "--format", "json", "--output", out)
    assert result.exit_code == EXIT_INTERNAL == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "internal error" in lines[0] and "RuntimeError: boom with a second line" in lines[0]
    logs = list((cache / "logs").iterdir())
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    assert logs[0].name.startswith("transcheck-") and f"-{os.getpid()}.log" in logs[0].name
    body = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in body and "RuntimeError: boom" in body
    assert not out.exists()  # a failed run leaves no old report looking current
    assert "Traceback" not in result.output


def test_internal_error_log_falls_back_to_the_temp_dir(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TRANSCHECK_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr("transcheck.cli._engine", _boom)
    result = invoke("scan", tmp_path, "--quiet")
    assert result.exit_code == 3
    logs = list(temp.glob("transcheck-*.log"))
    assert len(logs) == 1 and str(logs[0]) in result.stderr


def test_interrupt_is_not_a_finding(tmp_path, monkeypatch):
    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("transcheck.cli._engine", interrupt)
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    result = invoke("check", seed(0), "--output", out, "--quiet")
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert not out.exists()


def test_failed_run_removes_the_old_report(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("yesterday's report", encoding="utf-8")
    result = invoke("check", tmp_path / "missing.txt", "--format", "json", "--output", out, "--quiet")
    assert result.exit_code == 2
    assert not out.exists()


def test_help_and_readme_document_exit_code_3():
    result = invoke("--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "3 internal error" in text and "2 usage" in text
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "`3` internal error" in readme


# -- 2. output paths ------------------------------------------------------------------------------
def test_output_dash_is_stdout(tmp_path, cli_engine, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("check", seed(0), "--format", "json", "--output", "-", "--quiet")
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["documents"]
    assert not (tmp_path / "-").exists()


def test_output_folder_missing_parent_and_proc_are_refused(tmp_path):
    for out, words in ((tmp_path, "is a folder"), (tmp_path / "nope" / "r.json", "does not exist"),
                       ("/proc/transcheck.json", "refusing")):
        result = invoke("check", seed(0), "--output", out, "--quiet")
        assert result.exit_code == 2, (out, result.output)
        assert words in result.stderr
    assert not (tmp_path / "nope").exists()  # the missing folder is not created


def test_output_to_a_device_writes_in_place(cli_engine):
    result = invoke("check", seed(0), "--format", "json", "--output", "/dev/null", "--quiet")
    assert result.exit_code in (0, 1), result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # written to, never replaced


# -- 3. nothing to check ----------------------------------------------------------------------------
def test_empty_folder_is_exit_2(tmp_path):
    result = invoke("scan", tmp_path, "--quiet")
    assert result.exit_code == 2
    assert "no readable files" in result.stderr


def test_folder_of_unreadable_files_is_exit_2(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke("scan", tmp_path, "--quiet")
    assert result.exit_code == 2
    assert "no readable files" in result.stderr and "empty file" in result.output


def test_missing_scan_path_is_exit_2_with_a_message(tmp_path):
    result = invoke("scan", tmp_path / "nowhere", "--quiet")
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr


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


# -- 5. compare --pairs ------------------------------------------------------------------------------
def test_pairs_with_a_utf8_bom(tmp_path, cli_engine):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b"\xef\xbb\xbf" + json.dumps({"original": "Sales rose.", "candidate": "Sales rose."}).encode() + b"\n")
    result = invoke("compare", "--pairs", pairs, "--quiet")
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout.splitlines()[0])["original"] == "Sales rose."


@pytest.mark.parametrize("line, words", [
    (b"[1, 2]", "not a JSON object"),
    (b'{"original": "caf\xe9", "candidate": "x"}', "not UTF-8"),
    (b'{"original": "\\ud800", "candidate": "x"}', "lone surrogate"),
    (b'{"original": "a", "candidate": ', "not JSON"),
])
def test_bad_pairs_line_is_exit_2_with_its_number(tmp_path, line, words):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b'{"original": "a", "candidate": "b"}\n' + line + b"\n")
    result = invoke("compare", "--pairs", pairs, "--quiet")
    assert result.exit_code == 2
    assert f"{pairs}:2:" in result.stderr and words in result.stderr
    assert "Traceback" not in result.output


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


# -- 8. --help shows flags as flags ---------------------------------------------------------------------
@pytest.mark.parametrize("command", ["", "check", "scan", "highlight", "compare", "info"])
def test_help_shows_boolean_flags_as_flags(command):
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "<bool>" not in result.output
    assert "--help" in result.output
