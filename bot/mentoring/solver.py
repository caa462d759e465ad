"""One optimal mentor↔seeker assignment per round, as a min-cost flow.

Network (OR-Tools ``SimpleMinCostFlow``):

    source ─cap 1─▶ seeker ─cap 1, cost −score─▶ mentor ─cap = capacity─▶ sink
    source ─────────────── cap S, cost 0 ──────────────────────────────▶ sink

The source→sink arc lets a seeker stay unmatched at no cost, so the flow is always
feasible and the optimum maximises the total score. Only allowed pairs with a positive
score become arcs (see :mod:`bot.mentoring.scoring`), which is what makes every hard
constraint hold by construction: a forbidden pair simply has no arc.

Why not greedy: taking the best pair first can block two good pairs to make one great
one; on the benchmark it reaches only ~95% of the optimum. Why candidate lists: at
50,000 × 10,000 the full pair set (hundreds of millions of arcs) does not fit in memory,
so each seeker keeps their top-K mentors and each mentor their top-K seekers (two-sided,
so popular mentors still see the seekers who need them most); the flow over that union is
within a fraction of a percent of the optimum (numbers in the README).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from bot.mentoring.duality import Certificate, certify
from bot.mentoring.scoring import Encoded, IntArray, Problem

#: Scores are clipped here only for ranking candidates (int16 keys); real scores stay exact.
MAX_SCORE = 32_000


@dataclass(frozen=True)
class Arcs:
    """Allowed pairs as parallel arrays: seeker index, mentor index, score (> 0)."""

    seeker: IntArray
    mentor: IntArray
    score: IntArray

    def __len__(self) -> int:
        return int(self.seeker.shape[0])


@dataclass(frozen=True)
class Pair:
    seeker: str
    mentor: str
    score: int


@dataclass(frozen=True)
class Assignment:
    pairs: tuple[Pair, ...]
    unmatched: tuple[str, ...]
    #: "optimal" (proven by the dual certificate), "near-optimal" or "greedy".
    method: str
    #: A proven upper bound on the best possible total (None for greedy).
    upper_bound: int | None = None

    @property
    def total(self) -> int:
        return sum(p.score for p in self.pairs)


def _concat(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, dtype=np.int32)


def all_positive_arcs(enc: Encoded) -> Arcs:
    """Every allowed pair with a positive score (exact, memory grows with the pair count)."""
    seekers, mentors, scores = [], [], []
    for start, stop in enc.chunks(enc.chunk_rows()):
        block = enc.block(start, stop)
        rows, cols = np.nonzero(block)
        seekers.append((rows + start).astype(np.int32))
        mentors.append(cols.astype(np.int32))
        scores.append(block[rows, cols])
    return Arcs(_concat(seekers), _concat(mentors), _concat(scores))


def _top_k(scores: IntArray, k: int) -> IntArray:
    """Column indices of each row's k best scores, ties broken by index (deterministic).

    A stable sort of int16 keys is a radix sort in numpy: several times faster than
    argpartition on these blocks, and it fixes the order of equal scores for free.
    """
    if k <= 0 or scores.size == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int32)
    top = int(scores.max())
    if top < 256:  # one radix pass instead of two
        keys: npt.NDArray[np.integer[Any]] = np.subtract(
            255, scores, dtype=np.uint8, casting="unsafe"
        )
    else:
        keys = np.subtract(
            MAX_SCORE, np.minimum(scores, MAX_SCORE), dtype=np.int16, casting="unsafe"
        )
    return np.argsort(keys, axis=1, kind="stable")[:, :k].astype(np.int32)


def candidate_arcs(enc: Encoded, per_seeker: int = 100, per_mentor: int = 50) -> Arcs:
    """Two-sided candidate lists: each seeker's top mentors ∪ each mentor's top seekers.

    Scores are computed block by block (a few million cells at a time), so memory stays
    bounded by the lists, never by seekers × mentors.
    """
    n_m = enc.n_mentors
    k_s = min(per_seeker, n_m)
    keep_seekers: list[IntArray] = []
    keep_mentors: list[IntArray] = []
    keep_scores: list[IntArray] = []
    best_score = np.zeros((n_m, 0), dtype=np.int32)  # per mentor: best seekers so far
    best_seeker = np.zeros((n_m, 0), dtype=np.int32)
    for start, stop in enc.chunks(enc.chunk_rows()):
        block = enc.block(start, stop)
        if k_s > 0:
            top = _top_k(block, k_s)
            top_scores = np.take_along_axis(block, top, axis=1)
            rows = np.broadcast_to(np.arange(start, stop, dtype=np.int32)[:, None], top.shape)
            positive = top_scores > 0
            keep_seekers.append(rows[positive])
            keep_mentors.append(top[positive])
            keep_scores.append(top_scores[positive])
        if per_mentor > 0:
            by_mentor = np.ascontiguousarray(block.T)
            col_top = _top_k(by_mentor, min(per_mentor, stop - start))
            merged_scores = np.concatenate(
                [best_score, np.take_along_axis(by_mentor, col_top, axis=1)], axis=1
            )
            merged_seekers = np.concatenate([best_seeker, col_top + start], axis=1)
            pick = _top_k(merged_scores, min(per_mentor, merged_scores.shape[1]))
            best_score = np.take_along_axis(merged_scores, pick, axis=1)
            best_seeker = np.take_along_axis(merged_seekers, pick, axis=1)
    cols = np.broadcast_to(np.arange(n_m, dtype=np.int32)[:, None], best_score.shape)
    positive = best_score > 0
    keep_seekers.append(best_seeker[positive])
    keep_mentors.append(cols[positive])
    keep_scores.append(best_score[positive])
    seeker, mentor, score = _concat(keep_seekers), _concat(keep_mentors), _concat(keep_scores)
    key = seeker.astype(np.int64) * max(n_m, 1) + mentor
    _, first = np.unique(key, return_index=True)
    return Arcs(seeker[first], mentor[first], score[first])


def solve_flow(arcs: Arcs, n_seekers: int, capacity: IntArray | np.ndarray) -> IntArray:
    """Indices into `arcs` of the chosen pairs: the maximum-total-score assignment."""
    n_mentors = len(capacity)
    if len(arcs) == 0 or n_seekers == 0 or n_mentors == 0:
        return np.zeros(0, dtype=np.int32)
    source, sink = 0, n_seekers + n_mentors + 1
    n_arcs = len(arcs)
    # Built straight in the dtypes OR-Tools takes, and freed before solving: at 50,000 ×
    # 10,000 the arc arrays alone are ~150 MB and memory is the binding limit.
    tails = np.empty(n_seekers + n_arcs + n_mentors + 1, dtype=np.int32)
    heads = np.empty_like(tails)
    tails[:n_seekers] = source
    heads[:n_seekers] = np.arange(1, n_seekers + 1, dtype=np.int32)
    tails[n_seekers : n_seekers + n_arcs] = arcs.seeker + 1
    heads[n_seekers : n_seekers + n_arcs] = arcs.mentor + (n_seekers + 1)
    tails[n_seekers + n_arcs : -1] = np.arange(n_seekers + 1, sink, dtype=np.int32)
    heads[n_seekers + n_arcs : -1] = sink
    tails[-1], heads[-1] = source, sink
    caps = np.ones(tails.shape[0], dtype=np.int64)
    caps[n_seekers + n_arcs : -1] = np.asarray(capacity, dtype=np.int64)
    caps[-1] = n_seekers
    costs = np.zeros(tails.shape[0], dtype=np.int64)
    costs[n_seekers : n_seekers + n_arcs] = -arcs.score.astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    del tails, heads, caps, costs
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[source], supplies[sink] = n_seekers, -n_seekers
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    pair_arcs = np.arange(n_seekers, n_seekers + len(arcs), dtype=np.int32)
    used = flow.flows(pair_arcs) > 0
    return np.nonzero(used)[0].astype(np.int32)


def solve_greedy(arcs: Arcs, n_seekers: int, capacity: IntArray | np.ndarray) -> IntArray:
    """Best pair first: the baseline coffee bots use, kept for the benchmark's contrast."""
    order = np.argsort(-arcs.score, kind="stable")
    left = np.asarray(capacity, dtype=np.int64).copy()
    taken = np.zeros(n_seekers, dtype=bool)
    chosen: list[int] = []
    seeker, mentor = arcs.seeker.tolist(), arcs.mentor.tolist()
    budget = min(n_seekers, int(left.sum()))
    for arc in order.tolist():
        s, m = seeker[arc], mentor[arc]
        if not taken[s] and left[m] > 0:
            taken[s] = True
            left[m] -= 1
            chosen.append(arc)
            if len(chosen) == budget:
                break
    return np.array(chosen, dtype=np.int32)


def merge_arcs(arcs: Arcs, seeker: IntArray, mentor: IntArray, score: IntArray) -> Arcs:
    """The union of two arc sets, each pair once."""
    all_s = np.concatenate([arcs.seeker, seeker]).astype(np.int32)
    all_m = np.concatenate([arcs.mentor, mentor]).astype(np.int32)
    all_c = np.concatenate([arcs.score, score]).astype(np.int32)
    key = all_s.astype(np.int64) * (int(max(all_m.max(initial=0), 0)) + 1) + all_m
    _, first = np.unique(key, return_index=True)
    return Arcs(all_s[first], all_m[first], all_c[first])


def solve_certified(
    enc: Encoded, *, per_seeker: int = 100, per_mentor: int = 50, max_passes: int = 4
) -> tuple[Arcs, IntArray, Certificate]:
    """Candidate arcs → flow → dual certificate; add violating pairs and re-solve.

    Stops when the certificate proves optimality or after `max_passes` flows; the
    returned certificate always carries a valid upper bound, so callers know the gap.
    """
    arcs = candidate_arcs(enc, per_seeker, per_mentor)
    for attempt in range(1, max(max_passes, 1) + 1):
        chosen = solve_flow(arcs, enc.n_seekers, enc.capacity)
        cert = certify(enc, arcs.seeker, arcs.mentor, arcs.score, chosen)
        if cert.optimal or attempt == max_passes or not len(cert.violations[0]):
            return arcs, chosen, cert
        arcs = merge_arcs(arcs, *cert.violations)
    raise AssertionError("unreachable")  # pragma: no cover


def match(
    problem: Problem,
    *,
    greedy: bool = False,
    extra_forbidden: tuple[IntArray, IntArray] | None = None,
    max_passes: int = 4,
) -> Assignment:
    """Solve one round. Deterministic: same input, same pairs."""
    enc = Encoded(problem, extra_forbidden)
    upper: int | None = None
    if greedy:
        arcs = all_positive_arcs(enc)
        chosen = solve_greedy(arcs, enc.n_seekers, enc.capacity)
        method = "greedy"
    else:
        arcs, chosen, cert = solve_certified(enc, max_passes=max_passes)
        upper = cert.upper_bound
        method = "optimal" if cert.optimal else "near-optimal"
    pairs = tuple(
        sorted(
            (
                Pair(
                    problem.seekers[int(arcs.seeker[a])].key,
                    problem.mentors[int(arcs.mentor[a])].key,
                    int(arcs.score[a]),
                )
                for a in chosen
            ),
            key=lambda p: (-p.score, p.seeker),
        )
    )
    matched = {p.seeker for p in pairs}
    unmatched = tuple(p.key for p in problem.seekers if p.key not in matched)
    return Assignment(pairs, unmatched, method, upper)
