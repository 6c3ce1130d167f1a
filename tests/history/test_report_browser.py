"""The Hotspots view in headless Chromium, over a history whose paths carry script payloads: nothing runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from codesmell.cli import main
from tests.conftest import tangled
from tests.history.gitrepo import Repo

pytestmark = pytest.mark.browser
REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PAYLOAD_DIR = "pkg_<img src=x onerror=alert(1)>"


def test_hostile_paths_in_the_hotspots_view_are_text(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    shutil.copytree(REPO_ROOT / "fixtures" / "hostile_names", repo.root, dirs_exist_ok=True)
    target = repo.root / PAYLOAD_DIR / "busy_<script>.py"
    repo.commit("one", "2021-01-01", "ann", {target.relative_to(repo.root).as_posix(): tangled("busy", 6)})
    repo.commit("two", "2021-02-01", "bob", {target.relative_to(repo.root).as_posix(): tangled("busy", 7)})
    output = tmp_path / "report.html"
    previous = os.getcwd()
    os.chdir(repo.root)
    try:
        assert main(["report", ".", "-o", str(output), "--no-progress", "--no-cache", "--jobs", "1",
                     "--churn-since", "2020-12-01"]) in (0, 1)
    finally:
        os.chdir(previous)
    html = output.read_text(encoding="utf-8")
    assert "<img src=x" not in html.split('<script type="application/json"')[0]
    assert Path(CHROMIUM).exists(), "needs Chromium at /usr/bin/chromium"
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(output.as_uri())
        page.wait_for_timeout(300)
        table = page.locator("#hotspot-table").inner_text()
        titles = page.locator("#hotspots svg.hotspots-scatter circle title").all_text_contents()
        images = page.locator("#hotspots img").count()
        browser.close()
    assert dialogs == [] and images == 0
    assert f"{PAYLOAD_DIR}/busy_<script>.py" in table  # shown as text
    assert any(f"{PAYLOAD_DIR}/busy_<script>.py" in t for t in titles)


def _split_first(output: Path) -> tuple[list[str], str]:
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(output.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        names = page.locator("#split-first li .sf-head a").all_inner_texts()
        by = page.locator("#split-first-by").inner_text()
        browser.close()
    return names, by


def test_with_history_split_first_orders_by_hotspot(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    steady, busy = tangled("steady", 13), tangled("busy", 9)
    repo.commit("start", "2021-01-01", "ann", {"mod.py": steady + "\n\n" + busy})
    for n in range(1, 7):  # busy changes six times, steady never again
        repo.commit(f"edit {n}", f"2021-02-0{n}", "bob", {"mod.py": steady + "\n\n" + busy.replace("x > 0", f"x > {-n}")})
    previous = os.getcwd()
    os.chdir(repo.root)
    try:
        plain, hot = tmp_path / "plain.html", tmp_path / "hot.html"
        common = ["--no-progress", "--no-cache", "--jobs", "1"]
        assert main(["report", ".", "-o", str(plain), *common]) in (0, 1)
        assert main(["report", ".", "-o", str(hot), *common, "--churn-since", "2020-12-01"]) in (0, 1)
    finally:
        os.chdir(previous)
    names, by = _split_first(plain)
    assert names[:2] == ["steady", "busy"]  # by priority alone the bigger knot comes first
    names, by = _split_first(hot)
    assert names[:2] == ["busy", "steady"]  # changed in 7 commits against 1: busy is the hotspot
    assert by.startswith("by hotspot")
