"""The same objective as a mixed-integer programme, solved with scipy's HiGHS.

Used two ways: ``--exact`` solves it (on the pruned candidate pool, within a time
limit) and reports the solver's bound; the default greedy search solves only the LP
relaxation, whose value bounds every consortium from below, to report how far its
answer can be from the best possible.

Variables: x_j (partner j in), y_rj (requirement r served by j), for each diversity
term either z_v (value v present, e.g. a country; sum_v z_v <= cap) or one counter
s <= cap, and e_v (value v present, for constraints on distinct values). Objective,
maximised:

    sum_r w_r/W sum_j S_rj y_rj + lambda sum_terms weight/cap (sum_v z_v or s)
    - min_gain * (sum_j x_j - min_size)

with y_rj <= x_j, sum_j y_rj <= 1, z_v <= sum_{j with value v} x_j, s <= sum_{j counted} x_j.
The size charge makes "add a partner only if it adds at least min_gain" part of the
objective, as the greedy search's stopping rule is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from consortium.search.constraints import AtLeast
from consortium.search.problem import Problem, SearchConfig, penalised


@dataclass
class ExactResult:
    members: list[int]
    value: float          # penalised objective of ``members``
    bound: float          # upper bound on the penalised objective over the pool
    optimal: bool
    status: str


class _Rows:
    """Collects sparse constraint rows: lower <= A x <= upper."""

    def __init__(self, n_vars: int) -> None:
        self.n_vars = n_vars
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, cols: Sequence[int], vals: Sequence[float], lower: float,
            upper: float) -> None:
        row = len(self.lower)
        self.rows.extend([row] * len(cols))
        self.cols.extend(cols)
        self.vals.extend(vals)
        self.lower.append(lower)
        self.upper.append(upper)

    def constraint(self) -> LinearConstraint:
        a = sparse.csr_array((self.vals, (self.rows, self.cols)),
                             shape=(len(self.lower), self.n_vars))
        return LinearConstraint(a, np.array(self.lower), np.array(self.upper))


def solve(p: Problem, cand: np.ndarray, include: Sequence[int], cfg: SearchConfig,
          relax: bool = False, time_limit: float = 60.0) -> ExactResult:
    """Solve (or relax) the programme over the candidates ``cand``."""
    n, R = cand.size, p.S.shape[0]
    S = p.S[:, cand].astype(np.float64)
    weights = p.weights.astype(np.float64) / float(p.weights.sum())
    distinct = [c for c in p.constraints if isinstance(c, AtLeast) and c.by is not None
                and c.distinct]
    distinct_values = [np.unique(c.by[cand][c.mask[cand]]) for c in distinct
                       if c.by is not None]
    # One variable per value present (distinct-count terms) or one counter (count terms).
    term_values = [np.unique(t.values[cand][t.values[cand] >= 0]) if t.distinct
                   else np.array([0]) for t in p.terms]
    # variable layout: x, y, then each term's variables, then the e_v of constraints
    x0, y0 = 0, n
    t0 = y0 + R * n
    starts = np.cumsum([t0, *[v.size for v in term_values]]).tolist()
    e0 = starts[-1]
    n_vars = e0 + sum(v.size for v in distinct_values)

    c = np.zeros(n_vars)
    c[x0:y0] = cfg.min_gain - p.relevance_gain(cand)
    c[y0:t0] = -(weights[:, None] * S).ravel()
    lower, upper = np.zeros(n_vars), np.ones(n_vars)
    position = {int(j): k for k, j in enumerate(cand)}
    for j in include:
        lower[x0 + position[int(j)]] = 1

    rows = _Rows(n_vars)
    for r in range(R):
        for k in range(n):
            rows.add([y0 + r * n + k, x0 + k], [1.0, -1.0], -np.inf, 0.0)
        rows.add(list(range(y0 + r * n, y0 + (r + 1) * n)), [1.0] * n, -np.inf, 1.0)
    _term_rows(p, cand, rows, c, upper, term_values, starts, x0)
    rows.add(list(range(x0, y0)), [1.0] * n, float(cfg.min_size), float(cfg.max_size))
    _constraint_rows(p, cand, rows, x0, e0, distinct, distinct_values)

    integrality = np.zeros(n_vars)
    if not relax:
        integrality[x0:y0] = 1
    res = milp(c, integrality=integrality, bounds=Bounds(lower, upper),
               constraints=[rows.constraint()],
               options={"time_limit": time_limit, "disp": False})
    offset = cfg.min_gain * cfg.min_size
    if res.x is None:
        return ExactResult([], float("-inf"), float("-inf"), False, res.message)
    dual = getattr(res, "mip_dual_bound", None)
    bound = -(dual if (dual is not None and not relax) else res.fun) + offset
    chosen = [int(cand[k]) for k in np.flatnonzero(res.x[x0:y0] > 0.5)]
    value = penalised(p, chosen, cfg) if not relax else float("nan")
    return ExactResult(chosen, value, float(bound), res.status == 0 and not relax,
                       res.message)


def _term_rows(p: Problem, cand: np.ndarray, rows: _Rows, c: np.ndarray, upper: np.ndarray,
               term_values: list[np.ndarray], starts: list[int], x0: int) -> None:
    """Objective entries and rows of the diversity terms (z_v or one capped counter)."""
    for term, values, start in zip(p.terms, term_values, starts):
        c[start:start + values.size] = -p.score_weights.diversity * term.weight / term.cap
        of = term.values[cand]
        for i, value in enumerate(values):
            members = np.flatnonzero(of == value) if term.distinct else np.flatnonzero(of >= 0)
            rows.add([start + i, *(x0 + members).tolist()], [1.0] + [-1.0] * members.size,
                     -np.inf, 0.0)
        if term.distinct:
            rows.add(list(range(start, start + values.size)), [1.0] * values.size, -np.inf,
                     float(term.cap))
        else:
            upper[start] = term.cap


def _constraint_rows(p: Problem, cand: np.ndarray, rows: _Rows, x0: int, e0: int,
                     distinct: list[AtLeast], distinct_values: list[np.ndarray]) -> None:
    """Rows for the user's and the call's constraints."""
    for con in p.constraints:
        if isinstance(con, AtLeast):
            if con.count:
                inside = np.flatnonzero(con.mask[cand])
                rows.add((x0 + inside).tolist(), [1.0] * inside.size, float(con.count), np.inf)
        else:
            by = con.by[cand]
            for value in np.unique(by):
                same = np.flatnonzero(by == value)
                if same.size > con.limit:
                    rows.add((x0 + same).tolist(), [1.0] * same.size, -np.inf,
                             float(con.limit))
    e = e0
    for con, values in zip(distinct, distinct_values):
        assert con.by is not None
        by, mask = con.by[cand], con.mask[cand]
        first = e
        for value in values:
            same = np.flatnonzero(mask & (by == value))
            rows.add([e, *(x0 + same).tolist()], [1.0] + [-1.0] * same.size, -np.inf, 0.0)
            e += 1
        rows.add(list(range(first, e)), [1.0] * (e - first), float(con.distinct), np.inf)
