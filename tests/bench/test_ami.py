"""bench/ami.py: adjusted mutual information, checked on cases worked out by hand."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from ami import (
    adjusted_mutual_information,
    ami_of,
    expected_mutual_information,
    mutual_information,
)


def test_mutual_information_by_hand() -> None:
    # U = {0,1},{2,3}; V = {0,1},{2},{3}: cells 2, 1, 1 of n = 4
    # MI = 2/4 ln(4*2/(2*2)) + 2 * 1/4 ln(4*1/(2*1)) = ln 2
    assert mutual_information([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(math.log(2))


def test_expected_mutual_information_by_hand() -> None:
    # sizes (2, 2) vs (2, 1, 1), n = 4. A cluster of 2 meets the other cluster of 2 in
    # 0, 1 or 2 items with probabilities 1/6, 4/6, 1/6; of 1 in 0 or 1 item with 1/2, 1/2.
    # Terms nij/n ln(n nij / (a b)) * P: (a=2,b=2): 1/4 ln1 * 4/6 + 2/4 ln 2 * 1/6 = ln2/12;
    # (a=2,b=1): 1/4 ln 2 * 1/2 = ln2/8. Two of the first kind, four of the second:
    # 2 * ln2/12 + 4 * ln2/8 = (1/6 + 1/2) ln 2 = 2/3 ln 2.
    assert expected_mutual_information([2, 2], [2, 1, 1], 4) == pytest.approx(2 / 3 * math.log(2))


def test_adjusted_mutual_information_by_hand() -> None:
    # H(U) = ln 2, H(V) = 3/2 ln 2, mean 5/4 ln 2; (ln2 - 2/3 ln2) / (5/4 ln2 - 2/3 ln2) = 4/7
    assert adjusted_mutual_information([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)


def test_identical_partitions_score_one_whatever_the_labels() -> None:
    assert adjusted_mutual_information([0, 0, 1, 1, 2], ["a", "a", "b", "b", "c"]) == pytest.approx(1.0)
    assert adjusted_mutual_information([0, 0, 0], [5, 5, 5]) == 1.0
    assert adjusted_mutual_information([0, 1, 2], [3, 4, 5]) == 1.0


def test_symmetric_and_about_zero_for_unrelated_labelings() -> None:
    left = [i % 5 for i in range(200)]
    right = [(i * 7 // 3) % 4 for i in range(200)]
    assert adjusted_mutual_information(left, right) == pytest.approx(adjusted_mutual_information(right, left))
    assert abs(adjusted_mutual_information(left, [i // 50 for i in range(200)])) < 0.05


def test_ami_of_mappings_compares_the_same_items() -> None:
    assert ami_of({"b": 1, "a": 0, "c": 1, "d": 0}, {"a": "x", "b": "y", "c": "y", "d": "x"}) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        adjusted_mutual_information([0, 1], [0])
