"""Reports of the fixture projects, written once per session, and a headless Chromium to open them."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from codesmell.cli import main

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def write_report(output: Path, *paths: str, cwd: Path = REPO, options: tuple[str, ...] = ("--no-cache",)) -> int:
    """Run `codesmell report PATHS -o OUTPUT` in-process from `cwd` (paths relative to it)."""
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        return main(["report", *paths, "-o", str(output), "--no-progress", *options])
    finally:
        os.chdir(previous)


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """planted (planted_communities + long_methods), hostile, extract (extract_examples) reports,
    and planted again with the per-metric hard limits on."""
    out = tmp_path_factory.mktemp("reports")
    planted = out / "planted.html"
    hostile = out / "hostile.html"
    extract = out / "extract.html"
    write_report(planted, "fixtures/planted_communities/src", "fixtures/long_methods")
    write_report(hostile, "fixtures/hostile_names")
    # The extract examples are plain long functions, and the table tests need many rows: with the
    # per-metric hard limits on, the report lists every function over any threshold.
    hard_limits = out / "pyproject.toml"
    hard_limits.write_text('[tool.codesmell]\nextend-select = ["CSM1", "CSM2"]\n', encoding="utf-8")
    write_report(extract, "fixtures/extract_examples", options=("--no-cache", "--config", str(hard_limits)))
    planted_hard = out / "planted-hard-limits.html"
    write_report(planted_hard, "fixtures/planted_communities/src", "fixtures/long_methods",
                 options=("--no-cache", "--config", str(hard_limits)))
    return {"planted": planted, "hostile": hostile, "extract": extract, "planted-hard-limits": planted_hard}


@dataclass
class PageWatch:
    """What a page did that a report must never do."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    load_seconds: float = 0.0

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.foreign_requests == []
        assert self.dialogs == []


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    # A missing browser is a broken set-up, not a reason to pass: .ci/run installs it.
    assert Path(CHROMIUM).exists(), "needs Chromium at /usr/bin/chromium (apt-get install -y chromium)"
    from playwright import sync_api
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def open_report(browser: Any) -> Iterator[Any]:
    """open_report(path) -> (page, watch): loads the report via file:// and watches it."""
    pages: list[Any] = []

    def opener(path: Path, width: int = 1600, height: int = 1000) -> tuple[Any, PageWatch]:
        page = browser.new_page(viewport={"width": width, "height": height})
        pages.append(page)
        url = path.resolve().as_uri()
        watch = PageWatch(url)
        page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watch.console_errors.append(str(e)))
        page.on("request", lambda r: watch.foreign_requests.append(r.url) if r.url != url else None)

        def dialog(d: Any) -> None:
            watch.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']")
        watch.load_seconds = time.perf_counter() - start
        return page, watch

    yield opener
    for page in pages:
        page.close()


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    page.screenshot(path=str(target), full_page=full_page)
    return target


def copy_fixture(name: str, target: Path) -> Path:
    shutil.copytree(FIXTURES / name, target / name)
    return target / name


# modules drawn inside the open community's circle (what the veil leaves clear), counted on screen
IN_FOCUS = """() => {
  const svg = document.getElementById('graph-svg'), f = svg.graphState().focus;
  if (!f) return document.querySelectorAll('#graph-svg circle.node').length;
  const h = document.querySelector(`#graph-svg circle.hull[data-t='${f}']`).getBoundingClientRect();
  const cx = h.left + h.width / 2, cy = h.top + h.height / 2, r = h.width / 2;
  return Array.from(document.querySelectorAll('#graph-svg circle.node')).filter(c => {
    const b = c.getBoundingClientRect();
    return Math.hypot(b.left + b.width / 2 - cx, b.top + b.height / 2 - cy) + b.width / 2 <= r + 0.5;
  }).length;
}"""


def modules_in_focus(page: Any) -> int:
    """How many module circles lie inside the open community's circle (all of them at the top)."""
    return int(page.evaluate(IN_FOCUS))
