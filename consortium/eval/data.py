"""Evaluation data: a pool of CORDIS organisations and the tasks to recover consortia.

The pool keeps projects as shared objects, as the product does (``partners.model``): one
project's evidence is a set of passages owned by all its participants. That makes
leakage control exact and cheap. A task names the projects it was built from
(``masked``); the scorers zero those projects' passages and drop them from counts and
keyword documents, which is the same as rebuilding every profile without them, without
rebuilding 23,000 profiles per topic.

Track A (Horizon Europe): the query is the topic text, the gold set the coordinator and
participants of the projects funded under the topic. Track C (H2020 Secure Societies):
the data has no topic texts, so the query is a stand-in (the objectives of the topic's
other funded projects, leave one project out); every project of the topic is masked,
so neither the gold project's nor the query's own text is anyone's evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from consortium.calls.similarity import topic_key
from consortium.calls.topic import Call
from consortium.calls.topic_ids import read_cordis_titles
from consortium.errors import InputError
from consortium.partners.cordis import CordisImport, import_organisations
from consortium.partners.model import chunks
from consortium.rank.history import History, build_history, programme_part
from consortium.text import split_sentences

BENEFICIARY_ROLES = ("coordinator", "participant")  # associated partners are not funded
HE_DEV = "he_dev_topics.txt"
SECURITY_DEV = "h2020_security_dev_topics.txt"


@dataclass
class EvalPool:
    """Organisations, projects and passages as arrays the scorers index."""

    org_ids: list[str]
    org_names: list[str]
    org_type: np.ndarray                 # N type codes (HES, REC, PRC, PUB, OTH)
    country: list[str]
    sme: np.ndarray                      # N bools
    practitioner: list[str]              # practitioner category or ""
    project_ids: list[str]
    project_text: list[str]              # J evidence paragraphs (Project.text())
    project_topic: list[str]             # J topic keys
    incidence: sp.csr_matrix             # N x J, 1 where the organisation took part
    coordinating: sp.csr_matrix          # N x J, 1 where it coordinated
    passages: list[str]                  # P distinct passage texts
    project_passages: list[np.ndarray]   # J arrays of passage indices
    slot_partner: np.ndarray             # K slots sorted by partner (see embed.pool_index)
    slot_passage: np.ndarray             # K passage indices; P is the empty passage
    roles: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # j -> (i, role)
    history: History | None = None       # beneficiaries' roles, shares, years (rank.history)

    @property
    def n(self) -> int:
        return len(self.org_ids)


@dataclass
class Task:
    """One consortium to recover, with what must not be seen while recovering it."""

    id: str
    title: str
    query: str                      # the whole text, for keyword search
    requirements: list[str]         # what the embedding matcher and the search score
    weights: np.ndarray
    action_type: str
    gold: np.ndarray                # organisation indices
    coordinators: np.ndarray
    masked: np.ndarray              # project indices removed from every profile
    query_kind: str = "topic text"


def build_pool(imports: list[CordisImport]) -> EvalPool:
    """Merge imports by organisation id (first file's metadata wins) into arrays."""
    partners: dict[str, int] = {}
    meta: list[tuple[str, str, str, bool, str]] = []
    projects: dict[str, int] = {}
    texts: list[str] = []
    topics: list[str] = []
    rows: list[int] = []
    cols: list[int] = []
    roles_flat: list[str] = []
    roles: dict[int, list[tuple[int, str]]] = {}
    money: list[float | None] = []
    years: list[int] = []
    for imported in imports:
        for project in imported.projects.values():
            if project.id not in projects:
                projects[project.id] = len(texts)
                texts.append(project.text())
                topics.append(topic_key(project.topic))
                years.append(project.start_year or 0)
        for partner in imported.partners.values():
            i = partners.setdefault(partner.id, len(partners))
            if i == len(meta):
                meta.append((partner.name, partner.org_type, partner.country,
                             bool(partner.sme), partner.practitioner))
            for part in partner.participations:
                j = projects[part.project_id]
                if any(o == i for o, _ in roles.get(j, [])):
                    continue
                rows.append(i)
                cols.append(j)
                roles_flat.append(part.role.lower())
                money.append(part.ec_contribution)
                roles.setdefault(j, []).append((i, part.role.lower()))
    incidence = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                              shape=(len(meta), len(texts)))
    lead = [k for k in range(len(cols)) if roles_flat[k] == "coordinator"]
    coordinating = sp.csr_matrix((np.ones(len(lead), dtype=np.float32),
                                  ([rows[k] for k in lead], [cols[k] for k in lead])),
                                 shape=incidence.shape)
    passage_index, project_passages, slot_partner, slot_passage = _passages(texts, incidence)
    return EvalPool(
        org_ids=list(partners), org_names=[m[0] for m in meta],
        org_type=np.array([m[1] for m in meta]), country=[m[2] for m in meta],
        sme=np.array([m[3] for m in meta], dtype=bool), practitioner=[m[4] for m in meta],
        project_ids=list(projects),
        project_text=texts, project_topic=topics, incidence=incidence,
        coordinating=coordinating,
        passages=list(passage_index), project_passages=project_passages,
        slot_partner=np.array(slot_partner, dtype=np.intp),
        slot_passage=np.array(slot_passage, dtype=np.intp), roles=roles,
        history=_history(rows, cols, roles_flat, money, len(meta), years, topics))


def _passages(texts: list[str], incidence: sp.csr_matrix) \
        -> tuple[dict[str, int], list[np.ndarray], list[int], list[int]]:
    """Distinct passages, each project's passages, and the (partner, passage) slots."""
    passage_index: dict[str, int] = {}
    project_passages = []
    for text in texts:
        ids = [passage_index.setdefault(c, len(passage_index)) for c in chunks(text)]
        project_passages.append(np.array(ids, dtype=np.intp))
    empty = len(passage_index)
    slot_partner: list[int] = []
    slot_passage: list[int] = []
    for i in range(incidence.shape[0]):
        owned = {int(p) for j in incidence.indices[incidence.indptr[i]:incidence.indptr[i + 1]]
                 for p in project_passages[j]}
        for p in [*sorted(owned), empty]:  # the empty passage: every partner owns a slot
            slot_partner.append(i)
            slot_passage.append(p)
    return passage_index, project_passages, slot_partner, slot_passage


def _history(rows: list[int], cols: list[int], roles: list[str],
             money: list[float | None], n: int, years: list[int],
             topics: list[str]) -> History:
    """The ranker's track records: beneficiaries only (associated partners and third
    parties hold no share of the grant and are not what a topic's gold set counts)."""
    keep = [k for k, role in enumerate(roles) if role in BENEFICIARY_ROLES]
    return build_history([rows[k] for k in keep], [cols[k] for k in keep],
                         [roles[k] for k in keep], [money[k] for k in keep], n, years,
                         [programme_part(t) for t in topics])


def _beneficiaries(pool: EvalPool, projects: list[int]) -> tuple[np.ndarray, np.ndarray]:
    gold = sorted({i for j in projects for i, role in pool.roles.get(j, [])
                   if role in BENEFICIARY_ROLES})
    coordinators = sorted({i for j in projects for i, role in pool.roles.get(j, [])
                           if role == "coordinator"})
    return np.array(gold, dtype=np.intp), np.array(coordinators, dtype=np.intp)


def _by_topic(pool: EvalPool) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for j, key in enumerate(pool.project_topic):
        if key:
            found.setdefault(key, []).append(j)
    return found


def he_tasks(pool: EvalPool, calls: list[Call]) -> list[Task]:
    """Track A: every topic with a text and at least 3 beneficiaries."""
    by_topic = _by_topic(pool)
    tasks: dict[str, Task] = {}
    for call in calls:
        key = topic_key(call.id)
        projects = by_topic.get(key, [])
        gold, coordinators = _beneficiaries(pool, projects)
        if key in tasks or gold.size < 3 or not call.requirements:
            continue
        weights = np.array([r.weight for r in call.requirements], dtype=np.float32)
        if weights.sum() <= 0:
            weights = np.ones_like(weights)
        query = "\n".join([call.title, *call.sections.values()])
        tasks[key] = Task(key, call.title, query, [r.text for r in call.requirements],
                          weights, call.action_type, gold, coordinators,
                          np.array(projects, dtype=np.intp))
    return sorted(tasks.values(), key=lambda t: t.id)


def security_tasks(pool: EvalPool, first_programme_projects: set[int]) -> list[Task]:
    """Track C: one task per project of a topic with at least two funded projects; the
    query is the other projects' objectives (see module docstring)."""
    tasks: list[Task] = []
    for key, projects in sorted(_by_topic(pool).items()):
        own = [j for j in projects if j in first_programme_projects]
        if len(own) < 2:
            continue
        for j in own:
            gold, coordinators = _beneficiaries(pool, [j])
            if gold.size < 3:
                continue
            others = [pool.project_text[o] for o in own if o != j]
            sentences = [s for text in others for s in split_sentences(text)]
            tasks.append(Task(
                f"{key}/{pool.project_ids[j]}", f"Topic {key} (stand-in)",
                "\n".join([f"Topic {key}.", *others]), sentences,
                np.ones(len(sentences), dtype=np.float32), "", gold, coordinators,
                np.array(projects, dtype=np.intp),
                query_kind="stand-in: topic code + the topic's other projects' objectives"))
    return tasks


def task_topic(task: Task) -> str:
    return task.id.split("/", 1)[0]


def select(tasks: list[Task], which: str, dev_ids: set[str], limit: int | None) -> list[Task]:
    """``dev``, ``heldout`` (every eligible topic not in dev) or a file of topic ids."""
    if which == "dev":
        chosen = [t for t in tasks if task_topic(t) in dev_ids]
    elif which == "heldout":
        chosen = [t for t in tasks if task_topic(t) not in dev_ids]
    else:
        wanted = read_ids(Path(which))
        chosen = [t for t in tasks if task_topic(t) in wanted]
    return chosen[:limit] if limit else chosen


def read_ids(path: Path) -> set[str]:
    if not path.is_file():
        raise InputError(path, "topic list not found (give dev, heldout or a file with one "
                         "topic id a line)")
    lines = path.read_text(encoding="utf-8").splitlines()
    return {topic_key(line) for line in lines if line.strip() and not line.startswith("#")}


def first_existing(folder: Path, *names: str) -> Path:
    for name in names:
        if (folder / name).is_file():
            return folder / name
    raise InputError(folder, f"none of {', '.join(names)} found (give --data, the folder "
                     "laid out as ../shared/data)")


def load_track(data: Path, track: str) -> tuple[EvalPool, list[Task], set[str]]:
    """Pool, every eligible task and the dev topic ids of a track's data."""
    if track == "C":
        h2020 = import_organisations(first_existing(data / "cordis-h2020-security",
                                                    "organization.csv", "organization.csv.gz"))
        files = [h2020]
        fp7 = data / "cordis-fp7-security" / "organization.csv"
        if fp7.is_file():
            files.append(import_organisations(fp7))
        pool = build_pool(files)
        index = {p: j for j, p in enumerate(pool.project_ids)}
        tasks = security_tasks(pool, {index[p] for p in h2020.projects})
        return pool, tasks, read_ids(data / "splits" / SECURITY_DEV)
    from consortium.calls.formats import read_topics

    pool = build_pool([import_organisations(first_existing(
        data / "cordis-he", "organization.csv.gz", "organization.csv"))])
    texts = first_existing(data / "topics", "topic_texts.csv.gz", "topic_texts.csv")
    # A text filed under another topic's id would be paired with that topic's funded
    # consortium: the id check of scripts/build_calls.py (topic_ids) relabels or drops it,
    # against the CORDIS topic titles beside the organisations file (without them, only
    # its checks between sources apply).
    found = [data / "cordis-he" / n for n in ("topics.csv", "topics.csv.gz")
             if (data / "cordis-he" / n).is_file()]
    titles = read_cordis_titles(found[0]) if found else {}
    # Texts without Expected Outcome / Scope headings stay out of Track A (docs/evaluation.md:
    # mostly cascade-funding calls written by the funded project, which leak the answer).
    read = read_topics([texts], cordis_titles=titles)
    tasks = he_tasks(pool, [c for c in read.calls if not c.unlabelled])
    return pool, tasks, read_ids(data / "splits" / HE_DEV)
