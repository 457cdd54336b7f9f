"""Settings from ``[tool.transcheck]`` and the command line: values take effect, bad ones are refused
with a message that names the setting (exit code 2), not silently used or left to fail later."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from transcheck.cli import app
from transcheck.config import ConfigError, load_settings


def _pyproject(tmp_path, body: str):
    p = tmp_path / "pyproject.toml"
    p.write_text("[tool.transcheck]\n" + body + "\n", encoding="utf-8")
    return p


def test_values_are_read(tmp_path):
    s = load_settings(_pyproject(tmp_path, 'drift_threshold = 0.7\njobs = 1\nsuffixes = [".txt"]\nmax-file-mb = 2'))
    assert (s.drift_threshold, s.jobs, s.suffixes, s.max_bytes) == (0.7, 1, (".txt",), 2 * 1024 * 1024)


def test_command_line_overrides_the_file(tmp_path):
    s = load_settings(_pyproject(tmp_path, "drift_threshold = 0.7"), drift_threshold=0.8, mt_threshold=None)
    assert s.drift_threshold == 0.8 and s.mt_threshold is None


@pytest.mark.parametrize("line, words", [
    ('drift_threshold = "high"', "drift_threshold must be a number from 0 to 1"),
    ("mt_threshold = 1.5", "mt_threshold must be a number from 0 to 1"),
    ("align_threshold = true", "align_threshold must be a number"),
    ("jobs = -1", "jobs must be a whole number"),
    ("jobs = 1.5", "jobs must be a whole number"),
    ('cache = "no"', "cache must be true or false"),
    ('backend = "gpu"', "backend must be one of auto, onnx, torch"),
    ('suffixes = ["txt"]', "suffixes must be a list of file suffixes"),
    ("max_file_mb = 0", "max_file_mb must be a positive number"),
    ('model = ""', "model must be a non-empty string"),
    ("colour = 1", "unknown setting [tool.transcheck] colour"),
])
def test_bad_values_are_refused(tmp_path, line, words):
    with pytest.raises(ConfigError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_settings(_pyproject(tmp_path, line))


def test_bad_command_line_value_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="--drift-threshold must be a number from 0 to 1"):
        load_settings(_pyproject(tmp_path, ""), drift_threshold=2.0)


def test_cli_uses_the_nearest_pyproject(tmp_path, monkeypatch):
    _pyproject(tmp_path, "drift_threshold = 0.5\nmt_threshold = 0.6")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["info", "--format", "json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["thresholds"]["drift"]["threshold"] == 0.5
    assert info["thresholds"]["mt"]["threshold"] == 0.6


def test_cli_bad_setting_is_exit_2(tmp_path, monkeypatch):
    _pyproject(tmp_path, 'drift_threshold = "high"')
    (tmp_path / "a.txt").write_text("The two presidents met on Saturday.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "a.txt", "--quiet"])
    assert result.exit_code == 2
    assert "drift_threshold must be a number from 0 to 1, not 'high'" in result.stderr


def test_signature_reports_the_thresholds_in_force():
    """A threshold of 0.0 is a value, not "unset": the signature shows what the scan uses."""
    from transcheck.config import Settings
    from transcheck.signature import signature

    sig = signature(Settings(story_threshold=0.0, align_threshold=0.25))
    assert sig["thresholds"]["story"]["threshold"] == 0.0
    assert sig["thresholds"]["align"]["threshold"] == 0.25
    assert signature(Settings())["thresholds"]["story"]["threshold"] > 0


def test_models_record_the_encoder_they_were_calibrated_on():
    """Every shipped model names its encoder; another encoder is reported, the default is not."""
    import json
    from importlib import resources

    from transcheck.learned import MODEL_FILES, encoder_mismatches

    for name in MODEL_FILES:
        params = json.loads(resources.files("transcheck").joinpath("data").joinpath(name).read_text(encoding="utf-8"))
        assert params["encoder"] == "all-MiniLM-L6-v2", name
    assert "mt_detector.json" not in MODEL_FILES  # reads no sentence vectors
    assert encoder_mismatches("all-MiniLM-L6-v2") == []
    assert len(encoder_mismatches("my-other-model")) == len(MODEL_FILES)
