"""Write the README's screenshot of the report: docs/report.png, from the fixture projects.

    python scripts/report_screenshot.py [--output docs/report.png] [--width 1440] [--height 1000]

Runs `codesmell report fixtures/planted_communities/src fixtures/long_methods` from the
repository, opens the page in headless Chromium (/usr/bin/chromium, through Playwright) and
saves the top of it: the overview cards, the histograms, "Split first" and the module graph.
The PNG is written as a palette image when Pillow is installed, to keep it small.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PATHS = ("fixtures/planted_communities/src", "fixtures/long_methods")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def write_report(target: Path) -> None:
    from codesmell.cli import main

    previous = os.getcwd()
    os.chdir(REPO)
    try:
        main(["report", *PATHS, "-o", str(target), "--no-progress", "--no-cache"])
    finally:
        os.chdir(previous)


def shoot(report: Path, width: int, height: int) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(report.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']")
        png: bytes = page.screenshot()
        browser.close()
    return png


def smaller(png: bytes) -> bytes:
    """The same picture with a 256-colour palette (about a third of the bytes), when Pillow is there."""
    try:
        from PIL import Image
    except ImportError:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(png) else png


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", "-o", type=Path, default=REPO / "docs" / "report.png")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.html"
        write_report(report)
        png = smaller(shoot(report, args.width, args.height))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(png)
    print(f"{args.output}: {len(png) // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
