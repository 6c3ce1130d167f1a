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
