"""Property tests of the matching solver: hard constraints, and optimality against
a brute force (small) and scipy's dense assignment over capacity slots (medium)."""

from __future__ import annotations

from collections import Counter
from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from bot.mentoring.scoring import Encoded, Person, Problem, pair_score, tz_distance_minutes
from bot.mentoring.solver import (
    Assignment,
    all_positive_arcs,
    match,
    solve_certified,
    solve_flow,
    solve_greedy,
)

TZ = [-480, -300, 0, 60, 330, 540, 720]


def people(draw: st.DrawFn, prefix: str, count: int, mentor: bool) -> list[Person]:
    sub = st.frozensets
    return [
        Person(
            key=f"{prefix}{n}",
            industries=draw(sub(st.sampled_from(["fin", "health", "edu"]), max_size=2)),
            roles=draw(sub(st.sampled_from(["pm", "eng", "design"]), max_size=2)),
            topics=draw(sub(st.sampled_from(["career", "ml", "sales", "growth"]), max_size=3)),
            languages=draw(sub(st.sampled_from(["en", "fr"]), max_size=2)),
            tz_offset_minutes=draw(st.sampled_from(TZ)),
            capacity=draw(st.integers(1, 3)) if mentor else 1,
            unmatched_rounds=0 if mentor else draw(st.integers(0, 4)),
            team=draw(st.sampled_from(["", "", "payments", "growth"])),
        )
        for n in range(count)
    ]


@st.composite
def problems(draw: st.DrawFn, max_seekers: int = 6, max_mentors: int = 4) -> Problem:
    seekers = people(draw, "p", draw(st.integers(0, max_seekers)), False)
    mentors = people(draw, "m", draw(st.integers(0, max_mentors)), True)
    # Some people are "both": give a mentor the key of a seeker (self match must not happen).
    both = draw(st.integers(0, min(len(seekers), len(mentors))))
    mentors = [
        Person(**{**m.__dict__, "key": seekers[i].key}) if i < both else m
        for i, m in enumerate(mentors)
    ]
    pairs = [(s.key, m.key) for s in seekers for m in mentors]
    forbidden = draw(st.frozensets(st.sampled_from(pairs), max_size=len(pairs))) if pairs else {}
    return Problem(
        seekers,
        mentors,
        forbidden=frozenset(forbidden),
        max_tz_hours=draw(st.integers(0, 12)),
    )


def check_hard_constraints(problem: Problem, result: Assignment) -> None:
    seekers = {p.key: p for p in problem.seekers}
    mentors = {p.key: p for p in problem.mentors}
    load = Counter(p.mentor for p in result.pairs)
    assert len({p.seeker for p in result.pairs}) == len(result.pairs)  # a seeker once
    for pair in result.pairs:
        seeker, mentor = seekers[pair.seeker], mentors[pair.mentor]
        assert pair.seeker != pair.mentor  # no self match
        assert (pair.seeker, pair.mentor) not in problem.forbidden  # cooldown / exclusions
        tz = tz_distance_minutes(seeker.tz_offset_minutes, mentor.tz_offset_minutes)
        assert tz <= problem.max_tz_hours * 60
        assert not (seeker.team and seeker.team == mentor.team)  # teammates never paired
        assert pair.score == pair_score(seeker, mentor, problem) > 0
    for key, count in load.items():
        assert count <= mentors[key].capacity
    assert set(result.unmatched) == set(seekers) - {p.seeker for p in result.pairs}


def brute_force(problem: Problem) -> int:
    best = 0
    options = [None, *range(len(problem.mentors))]
    for choice in product(options, repeat=len(problem.seekers)):
        load = Counter(c for c in choice if c is not None)
        if any(load[j] > problem.mentors[j].capacity for j in load):
            continue
        total = 0
        for i, j in enumerate(choice):
            if j is not None:
                score = pair_score(problem.seekers[i], problem.mentors[j], problem)
                if score <= 0:
                    break
                total += score
        else:
            best = max(best, total)
    return best


def scipy_optimum(problem: Problem) -> int:
    """Dense assignment: seekers × (one column per mentor seat + one 'unmatched' each)."""
    slots = [j for j, m in enumerate(problem.mentors) for _ in range(m.capacity)]
    n = len(problem.seekers)
    if n == 0:
        return 0
    gain = np.zeros((n, len(slots) + n), dtype=np.int64)
    for i, seeker in enumerate(problem.seekers):
        for col, j in enumerate(slots):
            gain[i, col] = pair_score(seeker, problem.mentors[j], problem)
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return int(gain[rows, cols].sum())


@settings(max_examples=150, deadline=None)
@given(problems())
def test_hard_constraints_hold_and_small_instances_are_optimal(problem: Problem) -> None:
    result = match(problem)
    check_hard_constraints(problem, result)
    assert result.total == brute_force(problem)
    assert result.method == "optimal"
    assert result.upper_bound == result.total


@settings(max_examples=60, deadline=None)
@given(problems(max_seekers=40, max_mentors=15))
def test_medium_instances_match_scipy_dense_assignment(problem: Problem) -> None:
    result = match(problem)
    check_hard_constraints(problem, result)
    assert result.total == scipy_optimum(problem)


@settings(max_examples=60, deadline=None)
@given(problems(max_seekers=40, max_mentors=15))
def test_tiny_candidate_lists_reach_the_optimum_by_column_generation(problem: Problem) -> None:
    """With one candidate per side, the dual certificate must find the missing pairs."""
    enc = Encoded(problem)
    arcs, chosen, cert = solve_certified(enc, per_seeker=1, per_mentor=1, max_passes=50)
    assert cert.optimal
    assert cert.total == int(arcs.score[chosen].sum()) == scipy_optimum(problem)


@settings(max_examples=80, deadline=None)
@given(problems(max_seekers=12, max_mentors=8))
def test_vectorised_scores_equal_the_scalar_reference(problem: Problem) -> None:
    enc = Encoded(problem)
    block = enc.block(0, enc.n_seekers)
    for i, seeker in enumerate(problem.seekers):
        for j, mentor in enumerate(problem.mentors):
            assert block[i, j] == pair_score(seeker, mentor, problem)


@settings(max_examples=60, deadline=None)
@given(problems(max_seekers=20, max_mentors=8))
def test_greedy_respects_constraints_and_never_beats_the_flow(problem: Problem) -> None:
    greedy = match(problem, greedy=True)
    check_hard_constraints(problem, greedy)
    assert greedy.total <= match(problem).total


def test_greedy_can_be_strictly_worse() -> None:
    """The classic trap: the best single pair blocks two good ones."""
    a = Person("a", topics=frozenset({"x", "y", "w"}))
    b = Person("b", topics=frozenset({"z", "v"}))
    m1 = Person("m1", topics=frozenset({"x", "y", "w", "z", "v"}))  # a: 30, b: 20
    m2 = Person("m2", topics=frozenset({"y", "w"}))  # a: 20, b: 0
    problem = Problem([b, a], [m1, m2])
    enc = Encoded(problem)
    arcs = all_positive_arcs(enc)
    flow = int(arcs.score[solve_flow(arcs, 2, enc.capacity)].sum())
    greedy = int(arcs.score[solve_greedy(arcs, 2, enc.capacity)].sum())
    assert greedy < flow
    assert match(problem).total == flow


def test_waiting_seekers_get_priority() -> None:
    mentor = Person("m", topics=frozenset({"ml"}))
    fresh = Person("fresh", topics=frozenset({"ml"}))
    waited = Person("waited", topics=frozenset({"ml"}), unmatched_rounds=1)
    result = match(Problem([fresh, waited], [mentor]))
    assert [p.seeker for p in result.pairs] == ["waited"]
    assert result.unmatched == ("fresh",)


def test_empty_sides() -> None:
    assert match(Problem([], [Person("m")])).pairs == ()
    assert match(Problem([Person("s", topics=frozenset({"a"}))], [])).unmatched == ("s",)


def test_teammates_are_never_paired_even_when_they_fit_best() -> None:
    """The only mentor who shares anything with the seeker is on their team: the seeker
    stays unmatched rather than meet a colleague; teamless people are never blocked."""
    seeker = Person("s", industries=frozenset({"fin"}), team="payments")
    colleague = Person(
        "m1", industries=frozenset({"fin"}), roles=frozenset({"pm"}), team="payments"
    )
    stranger = Person("m2", industries=frozenset({"fin"}), team="growth")
    alone = match(Problem([seeker], [colleague]))
    assert (alone.pairs, alone.unmatched) == ((), ("s",))
    assert pair_score(seeker, colleague, Problem([seeker], [colleague])) == 0
    (pair,) = match(Problem([seeker], [colleague, stranger])).pairs
    assert pair.mentor == "m2"
    teamless = Person("t", industries=frozenset({"fin"}))
    assert match(Problem([teamless], [Person("u", industries=frozenset({"fin"}))])).pairs
    enc = Encoded(Problem([seeker, teamless], [colleague, stranger]))
    assert enc.block(0, 2).tolist() == [[0, 30], [30, 30]]
