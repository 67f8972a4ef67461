"""What the draft holds, as dataclasses: the report carries them and every format (Markdown,
HTML, DOCX, XLSX, JSON) renders the same fields, so the sections cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Participant:
    """A row of Part A as the Submission System lists participants."""

    no: int
    pic: str            # the 9-digit Participant Identification Code, "" if not known
    legal_name: str
    short_name: str     # at most 20 characters (partners.labels)
    country: str
    org_type: str
    sme: str            # "yes", "no" or "unknown"
    role: str           # coordinator, beneficiary, associated partner, affiliated entity


@dataclass
class ProjectRef:
    acronym: str
    programme: str
    year: int | None
    role: str           # coordinator, participant, associated partner, ...


@dataclass
class Capacity:
    """One partner's paragraph of section 3.2."""

    no: int
    name: str
    short_name: str
    country_name: str
    role: str
    org_type: str
    areas: list[str]             # what it leads, in the topic's own key terms
    leads: list[str]             # the requirement ids behind ``areas``
    contributes: list[str]       # key terms of requirements it reaches at least partially
    projects: list[ProjectRef]
    facts: list[str]             # practitioner, SME, widening, coordination experience


@dataclass
class WorkPackage:
    no: int
    title: str
    kind: str                    # management, technical, dissemination
    requirements: list[str]      # requirement ids grouped into it (technical WPs)
    leader: str                  # the leader's short name
    leader_no: int
    reason: str                  # why this leader, in words


@dataclass
class ShareRow:
    group: str                   # "Role", "Organisation type", "SME"
    key: str
    median: float                # per cent of the project's EC contribution
    q1: float
    q3: float
    n: int                       # beneficiaries the figure is computed from


@dataclass
class Budget:
    basis: str                   # which funded projects the figures come from
    projects: int
    median_project_ec: int
    rows: list[ShareRow]
    split: list[tuple[str, float]]   # (partner short name, draft per cent)
    budget: int | None           # the topic's stated budget per project, EUR
    attribution: str


@dataclass
class Commitment:
    no: int
    partner: str
    pic: str
    contact: str
    letter: str = "to request"
    mandate: str = "to request"
    ethics_security: str = "to do"
    gender_equality_plan: str = "to check"
    status: str = "open"


@dataclass
class Draft:
    participants: list[Participant]
    capacity: list[Capacity]
    whole: dict[str, object]     # facts of "The consortium as a whole"
    tasks: list[str]             # what the writer still has to do
    work_packages: list[WorkPackage]
    participation: list[list[str]]   # per partner (Part A order), per WP: lead, x or ""
    budget: Budget | None
    commitments: list[Commitment] = field(default_factory=list)
    cordis: bool = True          # the partners' records come from CORDIS (attribution)
