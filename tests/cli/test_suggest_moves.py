"""`codesmell suggest --moves`: the planted misplaced functions, as text and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "misplaced_functions"


def _suggest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codesmell", "suggest", "--moves", "--no-cache", "--jobs", "1", *args],
        cwd=FIXTURE, capture_output=True, text=True,
    )


def test_json_names_target_and_figures() -> None:
    done = _suggest("--format", "json", "clinic")
    assert done.returncode == 0, done.stderr
    moves = {m["function"]: m for m in json.loads(done.stdout)["moves"]}
    assert sorted(moves) == [
        "clinic.billing.payments.format_owner_address",
        "clinic.patients.vaccines.next_free_slot",
        "clinic.scheduling.booking.invoice_total_for_visit",
    ]
    move = moves["clinic.billing.payments.format_owner_address"]
    assert move["path"] == "clinic/billing/payments.py"
    assert move["target_module"] == "clinic.patients.owners"
    assert (move["share"], move["home_share"], move["partners"], move["target_module_calls"]) == (1.0, 0.0, 5, 4)
    assert move["by_community"] == [{"community": move["target_community"], "calls_in": 2, "calls_out": 3}]


def test_text_is_one_line_per_function_strongest_first() -> None:
    done = _suggest("clinic")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 3
    # equal shares: more partners first
    assert lines[0].startswith(
        "clinic/billing/payments.py: clinic.billing.payments.format_owner_address -> clinic.patients.owners: "
        "100% of 5 partner calls with community "
    )
    assert "(4 with clinic.patients.owners), 0% at home; community " in lines[0]
    assert lines[0].endswith(": 2 in / 3 out")


def test_suggest_without_moves_still_takes_one_file() -> None:
    done = subprocess.run([sys.executable, "-m", "codesmell", "suggest"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "suggest takes one FILE" in done.stderr
