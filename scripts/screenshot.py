"""Take the README's screenshot of the HTML report: scan the seed corpus, open the page in headless
Chromium and save the first screen (docs/report.png), or with --at the place of the first finding.

    .venv/bin/python scripts/screenshot.py                      # docs/report.png
    .venv/bin/python scripts/screenshot.py --at-finding out.png

Needs chromium, chromedriver and selenium, as tests/test_browser.py does.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output", nargs="?", default=str(ROOT / "docs" / "report.png"))
    ap.add_argument("--at-finding", action="store_true", help="press j once: the first finding in its article")
    ap.add_argument("--size", default="1280,900", help="window size (width,height)")
    args = ap.parse_args()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "seeds.html"
        subprocess.run([sys.executable, "-m", "transcheck.cli", "scan", "fixtures/seeds", "--format", "html",
                        "--output", str(page), "--quiet"], check=False, cwd=ROOT)
        opts = webdriver.ChromeOptions()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={args.size}"):
            opts.add_argument(arg)
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if binary:
            opts.binary_location = binary
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=opts)
        try:
            driver.get(page.as_uri())
            if args.at_finding:
                from selenium.webdriver.common.action_chains import ActionChains

                ActionChains(driver).send_keys("j").perform()
                time.sleep(0.3)
            driver.save_screenshot(args.output)
        finally:
            driver.quit()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
