"""Mentor matching at scale: exact min-cost flow, two-sided candidate lists, and greedy.

Synthetic alumni group (fixed seed): 30 industries, 60 roles, 100 topics with skewed
(Zipf-like) popularity, languages, time zones, 2% of pairs excluded, mentor capacities
1–5, 10% of seekers waiting since last round. Each measurement runs in its own
subprocess so peak memory (ru_maxrss) belongs to that method alone; time covers
encoding + scoring + solving, not the synthetic data generation.

Cases
  10k  = 10,000 seekers × 2,000 mentors: the certified solver (candidate lists, flow, dual
         certificate, re-solve if the certificate finds better pairs): its result is a
         *proven* optimum, the reference for greedy (best pair first over every positive
         pair). `--exact-all` also times the textbook exact flow over all ~7 M positive pairs.
  50k  = 50,000 seekers × 10,000 mentors: candidate lists (top 100 mentors per seeker +
         top 50 seekers per mentor) + one flow ("candidates"), the same plus one certificate
         pass ("certified-1"), and greedy on the same lists. Every positive pair (~175
         million arcs) does not fit in 1 GB here, so the reference is the certificate's
         *proven upper bound* on the optimum (LP duality, bot/mentoring/duality.py): each
         ratio printed is a lower bound on the true ratio.

Usage: python benchmarks/bench_matching.py [--quick]   (last line: JSON figures)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.mentoring.scoring import Encoded, Person, Problem
from bot.mentoring.solver import (
    all_positive_arcs,
    candidate_arcs,
    solve_certified,
    solve_flow,
    solve_greedy,
)

SEED = 20261122
CASES = {"10k": (10_000, 2_000), "50k": (50_000, 10_000), "tiny": (2_000, 400)}
LANGS = ["fr", "es", "de", "pt", "zh", "ja", "hi"]
TZ_HOURS = [-8, -6, -5, -3, 0, 1, 2, 3, 5.5, 8, 9, 10]
TZ_WEIGHTS = np.array([8, 3, 10, 3, 8, 12, 5, 2, 6, 5, 3, 2], dtype=float)


def zipf(n: int, s: float = 1.1) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** s
    return p / p.sum()


def pick(rng: np.random.Generator, n: int, vocab: int, counts: np.ndarray) -> list[list[int]]:
    """Each row draws counts[row] distinct items with Zipf-skewed popularity (Gumbel top-k)."""
    keys = np.log(zipf(vocab))[None, :] + rng.gumbel(size=(n, vocab))
    order = np.argsort(-keys, axis=1)[:, : int(counts.max())]
    return [row[:k].tolist() for row, k in zip(order, counts, strict=True)]


def people(rng: np.random.Generator, count: int, prefix: str, mentor: bool) -> list[Person]:
    lo_hi = ((1, 4), (1, 3), (2, 6)) if mentor else ((1, 3), (1, 3), (1, 4))
    picks = [
        pick(rng, count, vocab, rng.integers(lo, hi, size=count))
        for vocab, (lo, hi) in zip((30, 60, 100), lo_hi, strict=True)
    ]
    tz = rng.choice(len(TZ_HOURS), size=count, p=TZ_WEIGHTS / TZ_WEIGHTS.sum())
    english = rng.random(count) < 0.85
    second = rng.random(count) < 0.3
    other = rng.integers(len(LANGS), size=count)
    caps = rng.integers(1, 6, size=count) if mentor else np.ones(count, dtype=int)
    waited = (rng.random(count) < 0.1) & (not mentor)
    waits = np.where(waited, rng.integers(1, 3, size=count), 0)
    out = []
    for n in range(count):
        langs = {"en"} if english[n] else set()
        if second[n] or not langs:
            langs.add(LANGS[int(other[n])])
        out.append(
            Person(
                key=f"{prefix}{n}",
                industries=frozenset(f"i{x}" for x in picks[0][n]),
                roles=frozenset(f"r{x}" for x in picks[1][n]),
                topics=frozenset(f"t{x}" for x in picks[2][n]),
                languages=frozenset(langs),
                tz_offset_minutes=int(TZ_HOURS[int(tz[n])] * 60),
                capacity=int(caps[n]),
                unmatched_rounds=int(waits[n]),
            )
        )
    return out


def instance(case: str) -> tuple[Problem, tuple[np.ndarray, np.ndarray]]:
    n_s, n_m = CASES[case]
    rng = np.random.default_rng(SEED)
    problem = Problem(people(rng, n_s, "s", False), people(rng, n_m, "m", True), max_tz_hours=6)
    # 2% of all pairs excluded, drawn per seeker (sorted by seeker, as Encoded wants).
    per_seeker = rng.binomial(n_m, 0.02, size=n_s)
    seekers = np.repeat(np.arange(n_s, dtype=np.int32), per_seeker)
    mentors = rng.integers(0, n_m, size=seekers.size, dtype=np.int32)
    return problem, (seekers, mentors)


def run_one(case: str, method: str) -> dict[str, float]:
    """One method on one case, in this (fresh) process: time, peak RSS, totals."""
    problem, excluded = instance(case)
    started = time.perf_counter()
    cpu_started = time.process_time()
    enc = Encoded(problem, excluded)
    out: dict[str, float] = {}
    if method == "exact-all":  # every positive pair as an arc: the textbook exact solve
        arcs = all_positive_arcs(enc)
        chosen = solve_flow(arcs, enc.n_seekers, enc.capacity)
    elif method == "candidates":  # candidate lists + one flow, no certificate pass
        arcs = candidate_arcs(enc, 100, 50)
        chosen = solve_flow(arcs, enc.n_seekers, enc.capacity)
    elif method == "greedy":  # best pair first over every positive pair (memory permitting)
        arcs = all_positive_arcs(enc) if case != "50k" else candidate_arcs(enc, 100, 50)
        chosen = solve_greedy(arcs, enc.n_seekers, enc.capacity)
    else:  # "certified": candidate lists + flow + dual certificate (+ re-solve if needed)
        passes = 1 if method == "certified-1" else 4
        arcs, chosen, cert = solve_certified(enc, per_seeker=100, per_mentor=50, max_passes=passes)
        out["upper_bound"] = cert.upper_bound
    out["seconds"] = time.perf_counter() - started
    out["cpu_seconds"] = time.process_time() - cpu_started
    out["total"] = int(arcs.score[chosen].sum())
    out["arcs"] = len(arcs)
    out["matched"] = len(chosen)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure(case: str, method: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--one", case, method],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=2, metavar=("CASE", "METHOD"))
    parser.add_argument("--quick", action="store_true", help="tiny case only (smoke test)")
    parser.add_argument(
        "--exact-all",
        action="store_true",
        help="also time the textbook exact solve over every positive pair at 10k (~6 s)",
    )
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    small = "tiny" if args.quick else "10k"
    runs = [(small, "certified"), (small, "greedy")]
    if args.exact_all or args.quick:
        runs.insert(1, (small, "exact-all"))
    if not args.quick:
        runs += [("50k", "candidates"), ("50k", "certified-1"), ("50k", "greedy")]
    results = {(case, method): measure(case, method) for case, method in runs}
    figures: dict[str, float] = {}
    print(
        f"{'case':<5} {'method':<12} {'arcs':>10} {'matched':>8} {'total':>10} "
        f"{'time s':>7} {'cpu s':>7} {'peak MB':>8} {'ratio':>8}  reference"
    )
    for (case, method), r in results.items():
        cert = results[(case, "certified" if case != "50k" else "certified-1")]
        reference = cert["upper_bound"]
        proven = cert["upper_bound"] == cert["total"]
        label = "proven optimum" if proven else "certified upper bound (ratio is a lower bound)"
        ratio = r["total"] / reference
        print(
            f"{case:<5} {method:<12} {int(r['arcs']):>10,} {int(r['matched']):>8,} "
            f"{int(r['total']):>10,} {r['seconds']:>7.2f} {r['cpu_seconds']:>7.2f} {r['peak_mb']:>8.0f} {ratio:>8.5f}  {label}"
        )
        figures[f"{case}_{method}_ratio"] = round(ratio, 6)
        figures[f"{case}_{method}_s"] = round(r["seconds"], 3)
        figures[f"{case}_{method}_cpu_s"] = round(r["cpu_seconds"], 3)
        figures[f"{case}_{method}_peak_mb"] = round(r["peak_mb"], 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
