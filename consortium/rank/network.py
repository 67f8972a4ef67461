"""Co-participation network: who has worked with the consortium's members before.

Partners re-form: a coordinator brings organisations it has worked with. Counted over
projects of calls before the topic's year only (``History.visible``), so a consortium
funded for the topic, or for a later follow-up, never predicts itself. Adamic-Adar
(Liben-Nowell & Kleinberg) adds two-hop proximity: partners of partners, weighted down
through hubs that work with everyone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from consortium.rank.history import History

RECENT_YEARS = 3


class Network:
    """The co-participation graph of a history, built once per visibility year."""

    def __init__(self, history: History) -> None:
        self.history = history
        self._graphs: dict[tuple[int, bytes], tuple[sp.csr_matrix, np.ndarray]] = {}

    def _graph(self, visible: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
        key = (int(visible.sum()), np.packbits(visible).tobytes())
        if key not in self._graphs:
            inc = self.history.incidence[:, np.flatnonzero(visible)]
            adjacency = (inc @ inc.T).tocsr()
            adjacency.setdiag(0)
            adjacency.eliminate_zeros()
            adjacency.data[:] = 1.0
            degree = np.diff(adjacency.indptr).astype(np.float64)
            weight = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2.0)), 0.0)
            self._graphs = {key: (adjacency, weight)}  # one year at a time: 23k x 23k
        return self._graphs[key]

    def shared_projects(self, members: Sequence[int], year: int,
                        masked: Sequence[int] | np.ndarray = (),
                        since: int = 0) -> np.ndarray:
        """N: projects each organisation shared with any of ``members`` (summed over
        members), before ``year`` and, if ``since``, from that year on."""
        visible = self.history.visible(masked, before=year)
        if since:
            visible &= self.history.year >= since
        inc = self.history.incidence
        member_rows = inc[np.asarray(members, dtype=np.intp)]
        together = member_rows.multiply(visible[None, :].astype(np.float32))
        counts = np.asarray(inc @ together.sum(axis=0).T).ravel()
        return counts.astype(np.float64)

    def features(self, members: Sequence[int], year: int,
                 masked: Sequence[int] | np.ndarray = ()) -> dict[str, np.ndarray]:
        n = self.history.n
        if not len(members):
            zero = np.zeros(n)
            return {"with_members": zero, "co_members": zero, "co_members_recent": zero,
                    "adamic_adar": zero}
        adjacency, weight = self._graph(self.history.visible(masked, before=year))
        seeds = np.zeros(n)
        seeds[np.asarray(members, dtype=np.intp)] = 1.0
        neighbours = adjacency.T @ seeds            # how many members each z worked with
        adamic_adar = adjacency.T @ (neighbours * weight)
        recent = max(year - RECENT_YEARS, 1) if year else 0
        return {"with_members": np.ones(n),
                "co_members": np.log1p(self.shared_projects(members, year, masked)),
                "co_members_recent": np.log1p(self.shared_projects(members, year, masked,
                                                                   since=recent)),
                "adamic_adar": np.log1p(np.asarray(adamic_adar).ravel())}
