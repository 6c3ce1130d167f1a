"""Which paths of a revision are analysed, and their module names, as discovery names them."""

from __future__ import annotations

from pathlib import Path

from codesmell.config import Config
from codesmell.history.tree import Root, module_name, package_dirs, selected
from codesmell.run.discovery import discover

PATHS = ["src/shop/__init__.py", "src/shop/orders.py", "src/shop/api/__init__.py", "src/shop/api/v1.py",
         "tools/build/gen.py", "scripts/run.py", "docs/conf.py", "README.md"]


def test_module_names_match_discovery_on_the_same_layout(tmp_path: Path) -> None:
    for name in PATHS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    config = Config()
    found = {s.fs_path.removeprefix(str(tmp_path) + "/"): s.module for s in discover([str(tmp_path)], config)}
    root = Root("", True, "")
    packages = package_dirs(PATHS)
    ours = {p: module_name(p, root.anchor, packages, True)[0] for p in PATHS if selected(p, root, config)}
    assert ours == found
    assert ours["src/shop/api/v1.py"] == "shop.api.v1" and "tools/build/gen.py" not in ours  # build/ excluded


def test_a_package_init_is_a_package() -> None:
    assert module_name("pkg/__init__.py", "", frozenset({"pkg"}), False) == ("pkg", True)


def test_a_file_root_selects_only_itself() -> None:
    root = Root("scripts/run.py", False, "scripts")
    assert [p for p in PATHS if selected(p, root, Config())] == ["scripts/run.py"]
