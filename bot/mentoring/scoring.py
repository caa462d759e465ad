"""How well a mentor fits a seeker, as one integer, computed for many pairs at once.

Scores are integers so the min-cost flow is exact (no float rounding in the objective)
and so a brute force in the tests agrees with the solver to the unit. The same weights
explain a pair to people ("you both care about fintech"), see :func:`reasons`.

A pair is *allowed* only if the mentor offers at least one industry, role or topic the
seeker asked for, the time zones are at most `max_tz_hours` apart, the two are not in
the same team (colleagues learn little from a "mentoring chat" with each other, and
members asked for it), the pair is not forbidden (self, cooldown, exclusion, either
one's do-not-match list) and the total score is positive. Everything else scores 0 and
never becomes an arc.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int32]
#: Added to the score of pairs whose time zones are too far apart: no score survives it.
BLOCKED = -1_000_000_000
#: Largest (time zone, languages) × mentors table we precompute (cells, int32).
ADJUST_TABLE_CELLS = 20_000_000
#: Problems up to this many cells keep their score blocks in memory (80 MB at most).
CACHE_CELLS = 20_000_000


@dataclass(frozen=True)
class Person:
    """One side of a pair, as the solver sees it (no names, no private notes)."""

    key: str
    industries: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    tz_offset_minutes: int = 0
    capacity: int = 1
    unmatched_rounds: int = 0
    #: Casefolded team name, "" for none: two people of one team are never paired.
    team: str = ""


@dataclass(frozen=True)
class Weights:
    """Points per shared item; the wait bonus lifts seekers who were left out before."""

    industry: int = 30
    role: int = 20
    topic: int = 10
    language: int = 8
    tz_per_hour: int = 3
    wait_bonus: int = 15
    wait_cap: int = 3


@dataclass(frozen=True)
class Problem:
    seekers: Sequence[Person]
    mentors: Sequence[Person]
    #: (seeker key, mentor key) pairs that must never match: self, cooldown, exclusions.
    forbidden: frozenset[tuple[str, str]] = frozenset()
    max_tz_hours: int = 12
    weights: Weights = field(default_factory=Weights)


def tz_distance_minutes(a: int, b: int) -> int:
    """Distance between two UTC offsets around the clock (UTC+12 and UTC-11 are 1 h apart)."""
    d = abs(a - b) % 1440
    return min(d, 1440 - d)


def pair_score(seeker: Person, mentor: Person, problem: Problem) -> int:
    """The score of one pair, 0 when not allowed. The reference the vectorised code matches."""
    w = problem.weights
    if seeker.key == mentor.key or (seeker.key, mentor.key) in problem.forbidden:
        return 0
    if seeker.team and seeker.team == mentor.team:
        return 0
    tz = tz_distance_minutes(seeker.tz_offset_minutes, mentor.tz_offset_minutes)
    if tz > problem.max_tz_hours * 60:
        return 0
    relevance = (
        w.industry * len(seeker.industries & mentor.industries)
        + w.role * len(seeker.roles & mentor.roles)
        + w.topic * len(seeker.topics & mentor.topics)
    )
    if relevance <= 0:
        return 0
    score = (
        relevance
        + (w.language if seeker.languages & mentor.languages else 0)
        - (w.tz_per_hour * tz) // 60
        + w.wait_bonus * min(seeker.unmatched_rounds, w.wait_cap)
    )
    return max(score, 0)


def reasons(seeker: Person, mentor: Person) -> list[str]:
    """Why a pair fits, in words people read in the introduction."""
    out = []
    for label, a, b in (
        ("industry", seeker.industries, mentor.industries),
        ("role", seeker.roles, mentor.roles),
        ("topic", seeker.topics, mentor.topics),
        ("language", seeker.languages, mentor.languages),
    ):
        shared = sorted(a & b)
        if shared:
            out.append(f"{label}: {', '.join(shared)}")
    tz = tz_distance_minutes(seeker.tz_offset_minutes, mentor.tz_offset_minutes)
    out.append("same time zone" if tz == 0 else f"{tz / 60:g} h apart")
    if seeker.unmatched_rounds:
        out.append("priority: waited last round")
    return out


class Encoded:
    """The problem as dense arrays, so scores for a block of seekers are two matmuls.

    Seeker rows carry the weight of each wanted item; mentor rows are 0/1, so
    `seekers @ mentors.T` is the weighted overlap. float32 is exact for these small
    integers. Forbidden pairs are kept sorted by seeker index to blank them per block.
    """

    def __init__(
        self, problem: Problem, extra_forbidden: tuple[IntArray, IntArray] | None = None
    ) -> None:
        self.problem = problem
        self._cache: dict[tuple[int, int], IntArray] = {}
        w = problem.weights
        vocab: dict[tuple[str, str], int] = {}
        langs: dict[str, int] = {}
        for person in (*problem.seekers, *problem.mentors):
            for kind, items in (
                ("i", person.industries),
                ("r", person.roles),
                ("t", person.topics),
            ):
                for item in items:
                    vocab.setdefault((kind, item), len(vocab))
            for lang in person.languages:
                langs.setdefault(lang, len(langs))
        weight_of = {"i": w.industry, "r": w.role, "t": w.topic}
        n_s, n_m = len(problem.seekers), len(problem.mentors)
        self.n_seekers, self.n_mentors = n_s, n_m
        self.want = np.zeros((n_s, max(len(vocab), 1)), dtype=np.float32)
        self.offer = np.zeros((n_m, max(len(vocab), 1)), dtype=np.float32)
        self.s_lang = np.zeros((n_s, max(len(langs), 1)), dtype=np.float32)
        self.m_lang = np.zeros((n_m, max(len(langs), 1)), dtype=np.float32)
        for row, p in enumerate(problem.seekers):
            for kind, items in (("i", p.industries), ("r", p.roles), ("t", p.topics)):
                for item in items:
                    self.want[row, vocab[(kind, item)]] = weight_of[kind]
            for lang in p.languages:
                self.s_lang[row, langs[lang]] = 1
        for row, p in enumerate(problem.mentors):
            for kind, items in (("i", p.industries), ("r", p.roles), ("t", p.topics)):
                for item in items:
                    self.offer[row, vocab[(kind, item)]] = 1
            for lang in p.languages:
                self.m_lang[row, langs[lang]] = 1
        self.offer_t = np.ascontiguousarray(self.offer.T)
        self.m_lang_t = np.ascontiguousarray(self.m_lang.T)
        self.s_tz = np.array([p.tz_offset_minutes for p in problem.seekers], dtype=np.int32)
        self.m_tz = np.array([p.tz_offset_minutes for p in problem.mentors], dtype=np.int32)
        # Seekers share few (time zone, languages) combinations: precompute one row of
        # "language bonus − time-zone penalty" per combination (BLOCKED where too far apart)
        # and gather it per block, instead of recomputing distances for every cell.
        combos: dict[tuple[int, frozenset[str]], int] = {}
        self.s_combo = np.array(
            [
                combos.setdefault((p.tz_offset_minutes, p.languages), len(combos))
                for p in problem.seekers
            ],
            dtype=np.int32,
        )
        self.adjust: IntArray | None = None
        if len(combos) * n_m <= ADJUST_TABLE_CELLS:
            firsts = np.unique(self.s_combo, return_index=True)[1]
            self.adjust = self._adjust_rows(firsts.astype(np.int32))
        self.bonus = np.array(
            [w.wait_bonus * min(p.unmatched_rounds, w.wait_cap) for p in problem.seekers],
            dtype=np.int32,
        )
        self.capacity = np.array([max(p.capacity, 0) for p in problem.mentors], dtype=np.int64)
        # Teams as small integer codes (-1: none) so "same team" is one comparison per
        # block; -2 for mentors without a team so it never equals a seeker's -1.
        teams: dict[str, int] = {}
        self.s_team = np.array(
            [teams.setdefault(p.team, len(teams)) if p.team else -1 for p in problem.seekers],
            dtype=np.int32,
        )
        self.m_team = np.array(
            [teams.setdefault(p.team, len(teams)) if p.team else -2 for p in problem.mentors],
            dtype=np.int32,
        )
        self.has_teams = bool(teams)
        self.forbid_s, self.forbid_m = self._forbidden_indices(problem, extra_forbidden)

    @staticmethod
    def _forbidden_indices(
        problem: Problem, extra: tuple[IntArray, IntArray] | None
    ) -> tuple[IntArray, IntArray]:
        """Forbidden (seeker, mentor) index pairs sorted by seeker; `extra` lets callers with
        millions of exclusions (the benchmark) pass arrays instead of a set of strings."""
        s_index = {p.key: i for i, p in enumerate(problem.seekers)}
        m_index: dict[str, list[int]] = {}
        for j, p in enumerate(problem.mentors):
            m_index.setdefault(p.key, []).append(j)
        pairs: list[tuple[int, int]] = []
        for i, p in enumerate(problem.seekers):  # a "both" person is never their own mentor
            pairs.extend((i, j) for j in m_index.get(p.key, ()))
        for s_key, m_key in problem.forbidden:
            if s_key in s_index:
                pairs.extend((s_index[s_key], j) for j in m_index.get(m_key, ()))
        arr = np.array(pairs, dtype=np.int32).reshape(-1, 2)
        s_idx, m_idx = arr[:, 0], arr[:, 1]
        if extra is not None:
            extra_s = np.asarray(extra[0], dtype=np.int32)
            extra_m = np.asarray(extra[1], dtype=np.int32)
            s_idx = np.concatenate([s_idx, extra_s]) if s_idx.size else extra_s
            m_idx = np.concatenate([m_idx, extra_m]) if m_idx.size else extra_m
        if s_idx.size and np.all(s_idx[1:] >= s_idx[:-1]):
            return s_idx, m_idx
        order = np.argsort(s_idx, kind="stable")
        return (
            np.ascontiguousarray(s_idx[order], dtype=np.int32),
            np.ascontiguousarray(m_idx[order], dtype=np.int32),
        )

    def _adjust_rows(self, rows: IntArray) -> IntArray:
        """Language bonus − time-zone penalty of seekers `rows` against every mentor;
        BLOCKED (very negative) where the zones are further apart than allowed."""
        w = self.problem.weights
        shared_lang = (self.s_lang[rows] @ self.m_lang_t) > 0
        d = np.abs(self.s_tz[rows, None] - self.m_tz[None, :]) % 1440
        d = np.minimum(d, 1440 - d)
        adjust = shared_lang.astype(np.int32) * w.language - (w.tz_per_hour * d) // 60
        adjust[d > self.problem.max_tz_hours * 60] = BLOCKED
        result: IntArray = adjust.astype(np.int32)
        return result

    def block(self, start: int, stop: int) -> IntArray:
        """Scores of seekers[start:stop] against every mentor; 0 where not allowed.

        Small problems keep their blocks (the certificate scans them a second time);
        large ones recompute, so memory never grows with seekers × mentors.
        """
        if self.n_seekers * self.n_mentors > CACHE_CELLS:
            return self._block(start, stop)
        cached = self._cache.get((start, stop))
        if cached is None:
            cached = self._cache[(start, stop)] = self._block(start, stop)
        return cached

    def _block(self, start: int, stop: int) -> IntArray:
        relevance = self.want[start:stop] @ self.offer_t  # float32, exact small integers
        if self.adjust is not None:
            adjust: IntArray = self.adjust[self.s_combo[start:stop]]
        else:
            adjust = self._adjust_rows(np.arange(start, stop, dtype=np.int32))
        score: IntArray = np.add(relevance, adjust, dtype=np.int32, casting="unsafe")
        score += self.bonus[start:stop, None]
        # No shared industry/role/topic → not allowed. min(score, relevance·big) is that
        # gate as plain arithmetic (faster than a boolean mask over millions of cells).
        np.minimum(
            score, np.multiply(relevance, 1 << 20, dtype=np.float32), out=score, casting="unsafe"
        )
        if self.has_teams:
            score[self.s_team[start:stop, None] == self.m_team[None, :]] = 0
        lo, hi = np.searchsorted(self.forbid_s, [start, stop])
        if hi > lo:
            score[self.forbid_s[lo:hi] - start, self.forbid_m[lo:hi]] = 0
        np.maximum(score, 0, out=score)
        return score

    def chunks(self, rows_per_chunk: int) -> Iterable[tuple[int, int]]:
        step = max(1, rows_per_chunk)
        for start in range(0, self.n_seekers, step):
            yield start, min(start + step, self.n_seekers)

    def chunk_rows(self, budget_cells: int = 4_000_000) -> int:
        """Rows per block so one block stays around `budget_cells` scores (memory cap)."""
        return max(1, budget_cells // max(self.n_mentors, 1))
