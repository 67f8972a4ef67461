"""Part A rows, section 3.2's per-partner facts and the commitments tracker, per member.

These are the rows a writer would otherwise copy by hand from the partners' records:
the PIC, a short name the Submission System accepts (20 characters), the SME flag as
the registry has it ("unknown" rather than a guess), the projects that are the
partner's evidence for this topic with programme, year and its role in them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from consortium.draft.model import Capacity, Commitment, Participant, ProjectRef
from consortium.partners.countries import is_widening
from consortium.partners.labels import display_label, readable, unglue
from consortium.partners.model import Partner, Project
from consortium.partners.names import repair_spacing
from consortium.partners.participation import proposable_by_default
from consortium.search.rules import eligible_mask
from consortium.text import count, decode_entities

PIC = re.compile(r"\d{9}")
ROLE_WORDS = {"coordinator": "coordinator", "participant": "participant",
              "associatedpartner": "associated partner", "thirdparty": "third party",
              "partner": "participant"}
MIN_PROJECTS, MAX_PROJECTS = 2, 5


def pic(partner: Partner) -> str:
    """The partner's id when it is a PIC (CORDIS ids are); a user's "P1" is not."""
    return partner.id if PIC.fullmatch(partner.id.strip()) else ""


def sme_word(sme: bool | None) -> str:
    return "unknown" if sme is None else "yes" if sme else "no"


def part_a_role(member: dict[str, Any], partner: Partner, eligible: bool) -> str:
    """Coordinator or beneficiary; an entity from a country outside the Member States and
    Associated Countries, or an EU body or international organisation, joins as an
    associated partner unless the call funds it."""
    if member["role"] == "coordinator":
        return "coordinator"
    return "beneficiary" if eligible and proposable_by_default(partner.kind) else (
        "associated partner")


def participants(members: Sequence[dict[str, Any]], partners: Sequence[Partner]
                 ) -> list[Participant]:
    eligible = eligible_mask([p.country for p in partners])
    return [Participant(m["no"], pic(p), decode_entities(p.name),
                        display_label(p.name, p.short_name), p.country, p.org_type,
                        sme_word(p.sme), part_a_role(m, p, bool(eligible[k])))
            for k, (m, p) in enumerate(zip(members, partners))]


def apply_roles(rows: Sequence[Participant], ids: Sequence[str],
                roles: dict[str, str]) -> None:
    """Part A roles a consortium file states (associated partner, affiliated entity) over
    the ones the draft infers; ``ids``: the members' ids in Part A order."""
    for row, pid in zip(rows, ids):
        if roles.get(pid) in ("associated partner", "affiliated entity"):
            row.role = roles[pid]


def prose_name(partner: Partner, label: str) -> str:
    """The name a sentence uses: Part A's label unless that had to be cut ("Hellenic
    Rescue…" reads as a typo in prose), then the short name whole, else the legal name
    (spaces repaired, glued words split, shouting in title case: "Ministere de…" had no
    short name and stood for MINISTERE DE L'INTERIEUR)."""
    if not label.endswith("…"):
        return label
    for name in (partner.short_name, partner.name):
        whole = unglue(repair_spacing(decode_entities(name)).strip())
        if whole:
            return readable(whole)
    return label


def _reference(partner: Partner, project: Project) -> ProjectRef:
    part = partner.role_in(project.id)
    role = ROLE_WORDS.get((part.role if part else "").replace("_", "").lower(), "")
    return ProjectRef(decode_entities(project.acronym or project.id), project.programme,
                      project.start_year, role or (part.role if part else ""))


def relevant_projects(member: dict[str, Any], partner: Partner) -> list[ProjectRef]:
    """The projects behind its matches, most relevant first; its most recent ones when
    fewer than two are (a partner is never cited with nothing)."""
    by_citation = {p.citation: p for p in partner.projects}
    cited = [by_citation[c] for c in member.get("track_record") or [] if c in by_citation]
    for project in sorted(partner.projects, key=lambda x: -(x.start_year or 0)):
        if len(cited) >= MIN_PROJECTS:
            break
        if project not in cited:
            cited.append(project)
    return [_reference(partner, p) for p in cited[:MAX_PROJECTS]]


def facts(partner: Partner) -> list[str]:
    """Sentences of what its record says: practitioner, SME, Widening, experience."""
    out = []
    if partner.practitioner and partner.practitioner != "none":
        out.append(f"It is a practitioner ({partner.practitioner}).")
    out.append({"yes": "It is an SME.", "no": "It is not an SME.",
                "unknown": "Its SME status is not recorded."}[sme_word(partner.sme)])
    if is_widening(partner.country):
        out.append("It is established in a Widening country.")
    n = len(partner.projects)
    if partner.coordinated:
        out.append(f"It coordinated {partner.coordinated} of its {count(n, 'EU project')}.")
    elif n:
        out.append(f"It took part in {count(n, 'EU project')}.")
    else:
        out.append("It has no EU project in this pool.")
    return out


def capacity(member: dict[str, Any], partner: Partner, short_name: str,
             areas: dict[str, str], reached: Sequence[str]) -> Capacity:
    """``areas``: each requirement id's key terms; ``reached``: requirement ids this
    member reaches at least partially."""
    leads = list(member["covers"])
    lead_areas = list(dict.fromkeys(areas[r] for r in leads if areas.get(r)))
    more = list(dict.fromkeys(areas[r] for r in reached
                              if r not in leads and areas.get(r) and areas[r] not in lead_areas))
    return Capacity(member["no"], decode_entities(partner.name), short_name,
                    member["country_name"] or member["country"], member["role"],
                    partner.org_type, lead_areas, leads, more[:4],
                    relevant_projects(member, partner), facts(partner))


def commitments(rows: Sequence[Participant], partners: Sequence[Partner]) -> list[Commitment]:
    """One row per partner; the contact only when the registry has one."""
    return [Commitment(row.no, row.short_name, row.pic, p.contact.strip())
            for row, p in zip(rows, partners)]
