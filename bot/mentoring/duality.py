"""A proof that an assignment is optimal over ALL pairs, without storing all pairs.

The assignment LP (max Σ s·x, each seeker ≤ 1, each mentor ≤ capacity) has the dual
min Σ u_i + Σ cap_j·v_j with u_i + v_j ≥ s_ij and u, v ≥ 0. Any prices v ≥ 0 therefore
give an upper bound on the optimum: UB = Σ_i max(0, max_j s_ij − v_j) + Σ_j cap_j·v_j.

From the flow's solution on the candidate arcs we take the *largest* prices consistent
with complementary slackness (a shortest-path fixpoint over the candidate arcs, numpy-
vectorised). Large prices make the bound tightest for the pairs we did not keep. One
blocked pass over every seeker × mentor cell then finds pairs that would improve the
solution (u_i + v_j < s_ij). None left means UB == total: the assignment is optimal,
proven. Otherwise the solver adds those pairs as arcs and solves again (column
generation), which converges to the exact optimum in a few passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.mentoring.scoring import Encoded, IntArray

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Certificate:
    total: int
    upper_bound: int
    #: (seeker index, mentor index, score) of pairs violating the dual, best first.
    violations: tuple[IntArray, IntArray, IntArray]

    @property
    def optimal(self) -> bool:
        return self.upper_bound == self.total


def mentor_prices(
    enc: Encoded, seeker: IntArray, mentor: IntArray, score: IntArray, chosen: IntArray
) -> tuple[I64, I64]:
    """(u, v): seeker utilities and mentor prices satisfying complementary slackness."""
    n_s, n_m = enc.n_seekers, enc.n_mentors
    match_of = np.full(n_s, -1, dtype=np.int64)
    match_score = np.zeros(n_s, dtype=np.int64)
    match_of[seeker[chosen]] = mentor[chosen]
    match_score[seeker[chosen]] = score[chosen]
    load = np.bincount(mentor[chosen], minlength=n_m)
    full = load >= enc.capacity
    v = np.full(n_m, np.iinfo(np.int64).max // 4, dtype=np.int64)
    # u_i >= 0 caps the price of a mentor at the smallest score among their seekers.
    np.minimum.at(v, mentor[chosen].astype(np.int64), score[chosen].astype(np.int64))
    v[~full] = 0
    s_i = seeker.astype(np.int64)
    mine = match_of[s_i]
    keep = (mine >= 0) & (mine != mentor)
    s_i, m_j, sc, a = s_i[keep], mentor[keep].astype(np.int64), score[keep], mine[keep]
    slack = match_score[s_i] - sc.astype(np.int64)
    for _ in range(n_m + 1):  # Bellman–Ford: at most n_m rounds without a negative cycle
        new = v.copy()
        np.minimum.at(new, a, v[m_j] + slack)
        new[~full] = 0
        if np.array_equal(new, v):
            break
        v = new
    v = np.maximum(v, 0)
    u = np.where(match_of >= 0, match_score - v[np.maximum(match_of, 0)], 0)
    return np.maximum(u, 0), v


def certify(
    enc: Encoded,
    seeker: IntArray,
    mentor: IntArray,
    score: IntArray,
    chosen: IntArray,
    max_violations: int = 200_000,
) -> Certificate:
    """Scan every cell once; return the bound and the pairs worth adding."""
    empty = np.zeros(0, dtype=np.int32)
    if enc.n_seekers == 0 or enc.n_mentors == 0:
        return Certificate(0, 0, (empty, empty, empty))
    u, v = mentor_prices(enc, seeker, mentor, score, chosen)
    total = int(score[chosen].sum())
    bound_u = 0
    found: list[tuple[IntArray, IntArray, IntArray]] = []
    count = 0
    v32 = v.astype(np.int32)
    u32 = u.astype(np.int32)
    for start, stop in enc.chunks(enc.chunk_rows()):
        block = enc.block(start, stop)
        gain = block - v32[None, :]
        gain[block <= 0] = np.iinfo(np.int32).min // 2
        best = gain.max(axis=1) if gain.size else np.zeros(0, dtype=np.int32)
        bound_u += int(np.maximum(best, 0).sum())
        over = np.nonzero(best > u32[start:stop])[0]
        if over.size and count < max_violations:
            rows, cols = np.nonzero(gain[over] > u32[start:stop][over, None])
            rows = over[rows]
            found.append(
                (
                    (rows + start).astype(np.int32),
                    cols.astype(np.int32),
                    block[rows, cols].astype(np.int32),
                )
            )
            count += rows.size
    upper = bound_u + int((enc.capacity * v).sum())
    if found:
        rs, cs, ss = (np.concatenate(parts) for parts in zip(*found, strict=True))
    else:
        rs = cs = ss = empty
    return Certificate(total, max(upper, total), (rs, cs, ss))
