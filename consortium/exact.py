"""The same objective as a mixed-integer programme, solved with scipy's HiGHS.

Used two ways: ``--exact`` solves it (on the pruned candidate pool, within a time
limit) and reports the solver's bound; the default greedy search solves only the LP
relaxation, whose value bounds every consortium from below, to report how far its
answer can be from the best possible.

Variables: x_j (partner j in), y_rj (requirement r served by j), z_c (country c
present), g_k (type group k present), s (SMEs counted), e_v (value v present, for
constraints on distinct values). Objective, maximised:

    sum_r w_r/W sum_j S_rj y_rj + lambda (wc/cap sum_c z_c + wt/3 sum_k g_k + ws/capS s)
    - min_gain * (sum_j x_j - min_size)

with y_rj <= x_j, sum_j y_rj <= 1, z_c <= sum_{j in c} x_j, sum_c z_c <= cap, ...
The size charge makes "add a partner only if it adds at least min_gain" part of the
objective, as the greedy search's stopping rule is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .constraints import AtLeast
from .search import GROUP_INDEX, Problem, SearchConfig, penalised


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
    w = p.score_weights
    n, R = cand.size, p.S.shape[0]
    S = p.S[:, cand].astype(np.float64)
    weights = p.weights.astype(np.float64) / float(p.weights.sum())
    countries = np.unique(p.country[cand])
    # research, industry, public: the "other" group scores nothing
    groups = [g for name, g in GROUP_INDEX.items() if name != "other"]
    distinct = [c for c in p.constraints if isinstance(c, AtLeast) and c.by is not None
                and c.distinct]
    distinct_values = [np.unique(c.by[cand][c.mask[cand]]) for c in distinct
                       if c.by is not None]
    # variable layout
    x0, y0 = 0, n
    z0 = y0 + R * n
    g0 = z0 + countries.size
    s0 = g0 + len(groups)
    e0 = s0 + 1
    n_vars = e0 + sum(v.size for v in distinct_values)

    c = np.zeros(n_vars)
    c[x0:y0] = cfg.min_gain
    c[y0:z0] = -(weights[:, None] * S).ravel()
    c[z0:g0] = -w.diversity * w.countries / w.country_cap
    c[g0:s0] = -w.diversity * w.types / 3
    c[s0] = -w.diversity * w.sme / w.sme_cap
    lower, upper = np.zeros(n_vars), np.ones(n_vars)
    upper[s0] = w.sme_cap
    position = {int(j): k for k, j in enumerate(cand)}
    for j in include:
        lower[x0 + position[int(j)]] = 1

    rows = _Rows(n_vars)
    for r in range(R):
        for k in range(n):
            rows.add([y0 + r * n + k, x0 + k], [1.0, -1.0], -np.inf, 0.0)
        rows.add(list(range(y0 + r * n, y0 + (r + 1) * n)), [1.0] * n, -np.inf, 1.0)
    country_of = p.country[cand]
    for i, country in enumerate(countries):
        members = np.flatnonzero(country_of == country)
        rows.add([z0 + i, *(x0 + members).tolist()], [1.0] + [-1.0] * members.size,
                 -np.inf, 0.0)
    rows.add(list(range(z0, g0)), [1.0] * countries.size, -np.inf, float(w.country_cap))
    group_of = p.group[cand]
    for i, g in enumerate(groups):
        members = np.flatnonzero(group_of == g)
        rows.add([g0 + i, *(x0 + members).tolist()], [1.0] + [-1.0] * members.size,
                 -np.inf, 0.0)
    smes = np.flatnonzero(p.sme[cand])
    rows.add([s0, *(x0 + smes).tolist()], [1.0] + [-1.0] * smes.size, -np.inf, 0.0)
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


def gap(value: float, bound: float) -> float:
    """Relative distance to the bound (0 = proven optimal)."""
    if not np.isfinite(bound) or bound <= 0:
        return float("nan")
    return max(0.0, (bound - value) / bound)
