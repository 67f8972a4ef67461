"""Solvers: one way to pick the consortium each, behind one small protocol.

The builder is handed a solver object (greedy + swaps by default, the exact MILP on
request) instead of a flag, so a new strategy is a new class, not a new branch. Every
solver checks the request once (``prepare``), searches the candidates it returns, checks
the answer once (``check``) and reports a bound on the best possible value, so the
report can say how far the answer may be from the optimum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from consortium.errors import SearchError
from consortium.search.greedy import check, greedy_swaps, prepare, submodular_bound
from consortium.search.problem import Problem, SearchConfig, gap, penalised


@dataclass
class Solution:
    members: list[int]
    value: float          # penalised objective of ``members``
    bound: float          # upper bound on the penalised objective of any consortium
    bound_kind: str       # "submodular" (greedy's online bound) or "proven" (MILP)
    method: str
    candidates: int       # partners the search considered after pruning

    def info(self) -> dict[str, Any]:
        """The report's ``search`` entry."""
        return {"method": self.method, "candidates": self.candidates,
                "value": round(self.value, 4), "bound": round(self.bound, 4),
                "bound_kind": self.bound_kind, "gap": round(gap(self.value, self.bound), 4)}


class Solver(Protocol):
    def solve(self, problem: Problem, include: Sequence[int], exclude: Sequence[int],
              config: SearchConfig) -> Solution: ...


class GreedySolver:
    """Greedy + single and pair swaps, with the submodular bound over its steps."""

    def solve(self, problem: Problem, include: Sequence[int], exclude: Sequence[int],
              config: SearchConfig) -> Solution:
        cand = prepare(problem, include, exclude, config)
        members, sub, steps = greedy_swaps(problem, cand, include, config)
        check(problem, members, config)
        return Solution(members, penalised(problem, members, config),
                        submodular_bound(sub, steps, config), "submodular",
                        "greedy + swaps", int(cand.size))


class ExactSolver:
    """The MILP on the pruned candidates (HiGHS), proving optimality within a time limit."""

    def __init__(self, time_limit: float = 60.0) -> None:
        self.time_limit = time_limit

    def solve(self, problem: Problem, include: Sequence[int], exclude: Sequence[int],
              config: SearchConfig) -> Solution:
        from consortium.search.exact import solve  # scipy.optimize: 0.6 s to import

        cand = prepare(problem, include, exclude, config)
        result = solve(problem, cand, include, config, time_limit=self.time_limit)
        if not result.members:
            raise SearchError(f"the exact solver found no consortium: {result.status}")
        check(problem, result.members, config)
        method = "exact (MILP, HiGHS)" + ("" if result.optimal else ", stopped at time limit")
        return Solution(result.members, penalised(problem, result.members, config),
                        result.bound, "proven", method, int(cand.size))
