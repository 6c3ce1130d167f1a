"""Adjusted mutual information between two labelings (Vinh, Epps and Bailey 2010).

The same definition as scikit-learn's `adjusted_mutual_info_score` with its default
`average_method="arithmetic"`, written out so the benchmark needs no extra dependency:

    AMI(U, V) = (MI(U, V) - E[MI]) / (mean(H(U), H(V)) - E[MI])

with natural logarithms, E[MI] the expected mutual information of two random labelings
with the same cluster sizes (hypergeometric model). 1 for identical partitions, about 0
for independent ones. Two labelings that each put everything in one cluster score 1.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence


def _entropy(sizes: Sequence[int], n: int) -> float:
    return -sum(size / n * math.log(size / n) for size in sizes if size)


def mutual_information(left: Sequence[Hashable], right: Sequence[Hashable]) -> float:
    """MI of two labelings of the same items, in nats."""
    n = len(left)
    joint = Counter(zip(left, right, strict=True))
    a = Counter(left)
    b = Counter(right)
    return sum(nij / n * math.log(n * nij / (a[u] * b[v])) for (u, v), nij in joint.items())


def expected_mutual_information(a_sizes: Sequence[int], b_sizes: Sequence[int], n: int) -> float:
    """E[MI] under the hypergeometric model of random labelings with these cluster sizes."""
    lg = [math.lgamma(k + 1) for k in range(n + 1)]  # log k!
    total = 0.0
    for a in a_sizes:
        for b in b_sizes:
            start = max(1, a + b - n)
            base = lg[a] + lg[b] + lg[n - a] + lg[n - b] - lg[n]
            for nij in range(start, min(a, b) + 1):
                log_p = base - lg[nij] - lg[a - nij] - lg[b - nij] - lg[n - a - b + nij]
                total += nij / n * math.log(n * nij / (a * b)) * math.exp(log_p)
    return total


def adjusted_mutual_information(left: Sequence[Hashable], right: Sequence[Hashable]) -> float:
    """AMI with the arithmetic mean of the entropies as normaliser."""
    n = len(left)
    if n != len(right):
        raise ValueError("labelings of different lengths")
    a_sizes = sorted(Counter(left).values())
    b_sizes = sorted(Counter(right).values())
    if len(a_sizes) == len(b_sizes) == 1 or len(a_sizes) == len(b_sizes) == n:
        return 1.0  # both trivial the same way: identical partitions
    mi = mutual_information(left, right)
    emi = expected_mutual_information(a_sizes, b_sizes, n)
    normaliser = (_entropy(a_sizes, n) + _entropy(b_sizes, n)) / 2
    denominator = normaliser - emi
    if abs(denominator) < 1e-15:
        return 0.0
    return (mi - emi) / denominator


def ami_of(assignment: Mapping[str, Hashable], reference: Mapping[str, Hashable]) -> float:
    """AMI between two labelings given as item -> label over the same items (sorted for stability)."""
    items = sorted(assignment)
    return adjusted_mutual_information([assignment[i] for i in items], [reference[i] for i in items])
