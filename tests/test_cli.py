"""The command line: exit codes, formats, atomic output and per-file errors on bad input."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest
from conftest import seed
from typer.testing import CliRunner

from transcheck.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    shutil.copy(seed(0), d / "good_000.txt")
    shutil.copy(seed(1), d / "good_001.txt")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 64)
    russian = "Путин и Трамп встретились на полях саммита АТЭС во Вьетнаме. " * 8
    (d / "cp1251.txt").write_bytes(russian.encode("cp1251"))
    with open(d / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB (sparse): over the size limit, never read
    unreadable = d / "unreadable.txt"
    unreadable.write_text("You cannot read this.", encoding="utf-8")
    unreadable.chmod(0)
    os.symlink("loop_b.txt", d / "loop_a.txt")
    os.symlink("loop_a.txt", d / "loop_b.txt")
    (d / "hostile.html").write_text(
        "<html><head><script>alert('x')</script></head><body><article><p>The two presidents met on "
        "Saturday in Da Nang and agreed that there is no military solution to the conflict in Syria.</p>"
        "<img src=x onerror=alert(1)><p>They spoke briefly on the sidelines of the summit.</p></article>"
        "<script>document.write('evil')</script></body></html>",
        encoding="utf-8",
    )
    yield d
    unreadable.chmod(0o644)


@pytest.fixture(scope="module")
def bad_scan(bad_folder):
    return invoke("scan", bad_folder, "--format", "json", "--quiet")


def _errors(result):
    payload = json.loads(result.stdout)
    return payload, {os.path.basename(e["path"]): e for e in payload["errors"]}


@pytest.mark.slow
def test_bad_inputs_get_clear_per_file_errors(bad_scan):
    assert bad_scan.exit_code == 1, bad_scan.output
    payload, errors = _errors(bad_scan)
    assert "empty" in errors["empty.txt"]["message"]
    assert "binary" in errors["binary.txt"]["message"]
    assert "too large" in errors["huge.txt"]["message"]
    assert "link loop" in errors["loop_a.txt"]["message"]
    assert "link loop" in errors["loop_b.txt"]["message"]
    if os.geteuid() != 0:  # root reads anything
        assert "permission denied" in errors["unreadable.txt"]["message"]
    for name in ("empty.txt", "binary.txt", "huge.txt", "loop_a.txt"):
        assert errors[name]["severity"] == "error"


@pytest.mark.slow
def test_bad_inputs_lose_no_other_result(bad_scan):
    payload, errors = _errors(bad_scan)
    checked = {os.path.basename(d["path"]): d for d in payload["documents"]}
    assert {"good_000.txt", "good_001.txt", "cp1251.txt", "hostile.html"} <= set(checked)
    assert checked["good_001.txt"]["machine_translated"] is True
    assert checked["good_000.txt"]["machine_translated"] is False


@pytest.mark.slow
def test_cp1251_is_decoded_with_a_warning(bad_scan):
    payload, errors = _errors(bad_scan)
    doc = next(d for d in payload["documents"] if d["path"].endswith("cp1251.txt"))
    assert "Путин" in doc["sentences"][0]["text"]
    assert doc["sentences"][0]["language"] == "ru"
    assert errors["cp1251.txt"]["severity"] == "warning"
    assert "cp1251" in errors["cp1251.txt"]["message"].lower() or "1251" in errors["cp1251.txt"]["message"]


@pytest.mark.slow
def test_hostile_html_is_reduced_to_text(bad_scan):
    payload, _ = _errors(bad_scan)
    doc = next(d for d in payload["documents"] if d["path"].endswith("hostile.html"))
    text = " ".join(s["text"] for s in doc["sentences"])
    assert "no military solution" in text
    assert "alert" not in text and "evil" not in text and "<" not in text
    # the extracted text rides along: every offset indexes it (a .txt document's offsets index the file)
    assert all(doc["text"][s["start"]:s["end"]] == s["text"] for s in doc["sentences"])
    assert "<" not in doc["text"]
    assert all("text" not in d for d in payload["documents"] if not d["path"].endswith(".html"))


@pytest.mark.slow
def test_html_report_escapes_article_text(bad_folder, tmp_path):
    out = tmp_path / "scan.html"
    result = invoke("scan", bad_folder, "--format", "html", "--output", out, "--quiet")
    assert result.exit_code == 1
    page = out.read_text(encoding="utf-8")
    from transcheck.report.html import SCRIPT

    assert page.lower().count("<script") == 1 and f"<script>{SCRIPT}</script>" in page  # only its own, by CSP hash
    assert "onerror" not in page.lower()
    assert "Content-Security-Policy" in page


@pytest.mark.slow
def test_highlight_writes_self_contained_page(tmp_path):
    out = tmp_path / "report.html"
    result = invoke("highlight", seed(1), "--against", seed(0), "--output", out, "--quiet")
    assert result.exit_code == 1, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<mark" in page
    assert "http://" not in page.split("</head>")[0] and "https://" not in page.split("</head>")[0]
    assert "Every time he sees me" in page


@pytest.mark.slow
def test_check_clean_file_exits_0():
    result = invoke("check", seed(2), "--quiet")
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_check_json_schema():
    result = invoke("check", seed(1), "--against", seed(0), "--format", "json", "--quiet")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["schema_version"] == 1
    doc = payload["documents"][0]
    assert set(doc) >= {"path", "machine_translated", "mt_score", "sentences"}
    assert 0.0 <= doc["mt_score"] <= 1.0
    sent = doc["sentences"][0]
    assert set(sent) >= {"start", "end", "text", "language", "status", "drift_score", "counterpart", "reasons"}
    statuses = {s["status"] for s in doc["sentences"]}
    assert statuses <= {"match", "paraphrase", "drift", "unmatched"}
    assert "drift" in statuses


@pytest.mark.slow
def test_check_json_carries_extracted_html_text(tmp_path):
    page = tmp_path / "original.html"
    page.write_text("<html><body><article><p>The presidents met on Saturday in Da Nang.</p><p>They agreed that the "
                    "conflict in Syria has no military solution.</p></article></body></html>", encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text("The presidents met on Sunday in Da Nang. They agreed that the conflict in Syria has no military "
                    "solution.", encoding="utf-8")
    payload = json.loads(invoke("check", copy, "--against", page, "--format", "json", "--quiet").stdout)
    assert payload["schema_version"] == 1 and "text" not in payload["documents"][0]
    original = payload["original_texts"][str(page)]
    for s in payload["documents"][0]["sentences"]:
        cp = s["counterpart"]
        if cp is not None:
            assert original[cp["start"]:cp["end"]] == cp["text"]


@pytest.mark.slow
def test_output_is_written_atomically(tmp_path):
    (tmp_path / "sub").mkdir()  # a missing folder is not created (tests/test_reliability.py)
    out = tmp_path / "sub" / "r.json"
    result = invoke("check", seed(0), "--format", "json", "--output", out, "--quiet")
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["documents"][0]["path"].endswith(seed(0).name)
    assert [p.name for p in out.parent.iterdir()] == ["r.json"]


def test_missing_file_is_exit_2(tmp_path):
    result = invoke("check", tmp_path / "nope.txt", "--quiet")
    assert result.exit_code == 2
    result = invoke("scan", tmp_path / "nope", "--quiet")
    assert result.exit_code == 2


def test_info_json():
    result = invoke("info", "--format", "json")
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert info["version"]
    assert info["model"]["name"]
    assert os.path.isdir(info["model"]["path"])
    assert 0 < info["thresholds"]["mt"]["threshold"] < 1
    assert 0 < info["thresholds"]["drift"]["threshold"] < 1


def test_info_text_is_readable():
    result = invoke("info")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "version: 0.1.0" in lines[0] or lines[0].startswith("version: ")
    assert "thresholds:" in lines and "  mt:" in lines
    assert any(line.strip().startswith("threshold: 0.") for line in lines)
    assert not any(line.rstrip().endswith(("{", "}", "]")) or '": ' in line for line in lines)  # no JSON blobs
    assert max(len(line) for line in lines if "path:" not in line and "dir:" not in line) <= 110


@pytest.mark.slow
def test_compare_pairs(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {"id": 1, "original": "Sales rose 12% on Monday.", "candidate": "Sales rose 12% on Monday."},
        {"id": 2, "original": "Sales rose 12% on Monday.", "candidate": "Sales fell 15% on Friday."},
    ]
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = invoke("compare", "--pairs", pairs, "--quiet")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 2]
    assert out[0]["drifted"] is False and out[1]["drifted"] is True
    assert out[1]["drift_score"] > out[0]["drift_score"]


def test_compare_bad_jsonl_is_exit_2(tmp_path):
    pairs = tmp_path / "bad.jsonl"
    pairs.write_text('{"original": "a"}\n', encoding="utf-8")
    assert invoke("compare", "--pairs", pairs, "--quiet").exit_code == 2


def test_help_lists_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    for cmd in ("check", "scan", "highlight", "compare", "info"):
        assert cmd in result.output


def test_no_model_loaded_at_import():
    import subprocess

    code = "import transcheck, transcheck.cli, sys; print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


@pytest.mark.slow
def test_summary_table_on_stderr_keeps_the_paths(monkeypatch):
    """With --format json the summary table goes to stderr; in a log file or pipe (80 columns by
    default) rich squeezed the document column to nothing."""
    monkeypatch.chdir(seed(1).parent)
    result = invoke("check", seed(1).name, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["documents"][0]["path"] == seed(1).name
    assert seed(1).name in result.stderr


@pytest.mark.slow
def test_output_file_gets_the_usual_mode(tmp_path):
    """Atomic writes go through mkstemp, which makes files readable by their owner only."""
    out = tmp_path / "r.json"
    old = os.umask(0o022)
    try:
        assert invoke("check", seed(0), "--format", "json", "--output", out, "--quiet").exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o640)  # an existing file keeps its mode
        assert invoke("check", seed(0), "--format", "json", "--output", out, "--quiet").exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_scan_of_a_folder_without_texts_says_so(tmp_path):
    """Nothing could be checked: exit code 2, not a clean 0."""
    (tmp_path / "notes.docx").write_bytes(b"PK")
    result = invoke("scan", tmp_path)
    assert result.exit_code == 2
    assert "no readable files" in result.stderr and "no .txt, .md" in result.stderr
    assert "0 documents checked" in result.stderr


@pytest.mark.slow
def test_scan_jsonl_streams_the_json_report(bad_folder, bad_scan, tmp_path):
    """One line per document (the JSON report's documents, as stories finish), then one summary line
    with the rest of the JSON report; the same exit code."""
    out = tmp_path / "scan.jsonl"
    result = invoke("scan", bad_folder, "--format", "jsonl", "-o", out, "--quiet")
    assert result.exit_code == bad_scan.exit_code == 1
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["record"] for r in records] == ["document"] * (len(records) - 1) + ["summary"]
    payload = json.loads(bad_scan.stdout)
    docs = sorted(({k: v for k, v in r.items() if k != "record"} for r in records[:-1]), key=lambda d: d["path"])
    assert docs == payload["documents"]
    summary = {k: v for k, v in records[-1].items() if k not in ("record", "documents")}
    assert summary == {k: v for k, v in payload.items() if k != "documents"}
    assert records[-1]["documents"] == len(payload["documents"])


def test_scan_jsonl_that_checks_nothing_writes_no_file(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK")
    out = tmp_path / "scan.jsonl"
    result = invoke("scan", tmp_path, "--format", "jsonl", "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert "no readable files" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_scan_jsonl_to_a_full_device_is_a_write_error(tmp_path):
    shutil.copy(seed(0), tmp_path / "a.txt")
    result = invoke("scan", tmp_path, "--format", "jsonl", "-o", "/dev/full", "--quiet")
    assert result.exit_code == 2
    assert "cannot write /dev/full" in result.stderr
