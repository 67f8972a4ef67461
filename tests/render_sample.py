"""A fixed ConsortiumReport for the render tests: no model, no search, so golden files
only change when rendering does. Its strings carry the injection cases on purpose."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

from consortium.draft.build import build_draft
from consortium.embed.embedder import EmbedStats
from consortium.partners.model import Participation, Partner, Project
from consortium.report import ConsortiumReport, MemberReport, RequirementReport
from consortium.score.coverage import Eligibility, ScoreWeights
from consortium.score.diversity import Diversity
from consortium.score.levels import rule_numbers

SCRIPT_NAME = "<script>document.title='PWNED'</script> Robotics"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def member(no: int, name: str, short: str, country: str, org_type: str, sme: bool | None,
           covers: list[str], track: list[str], role: str = "beneficiary") -> MemberReport:
    return MemberReport(no=no, id=f"9990000{no}", name=name, short_name=short,
                        country=country, country_name={"DE": "Germany", "FR": "France",
                                                       "IT": "Italy"}[country],
                        org_type=org_type, sme=sme, role=role, included=no == 1,
                        covers=covers, n_projects=len(track) + 1, coordinated=no % 2,
                        projects=track, track_record=track[:1],
                        why=["2 relevant projects, coordinated 1"] if no == 1 else [])


def requirement(rid: str, text: str, scores: list[float], best: int, partner: str,
                evidence: str, source: str, also: list[str]) -> RequirementReport:
    cells = ["covered" if s >= 0.45 else "partial" if s >= 0.3 else "gap" for s in scores]
    level = cells[best]
    return RequirementReport(id=rid, section="Expected Outcome" if rid != "R3" else "Scope",
                             text=text, weight=1.0, score=scores[best], level=level,
                             partner_id=f"9990000{best + 1}", partner=partner,
                             evidence=evidence, evidence_source=source, also=also,
                             scores=scores, levels=cells)


def sample_partners() -> list[Partner]:
    """The members' records behind the sample report (what ``build_draft`` reads)."""
    def project(pid: str, acronym: str, programme: str, year: int) -> Project:
        return Project(pid, acronym, f"{acronym} title", "Objective.", programme, "", year)

    drone, safe = (project("1", "DRONE-X", "H2020", 2019),
                   project("2", "SAFE&amp;SOUND", "FP7", 2012))   # an entity CORDIS left
    sum_ = project("3", "@SUM(A1)", "H2020", 2020)
    return [
        Partner("99900001", "Fraunhofer Gesellschaft | Institut", "FHG", "DE", "REC", False,
                "", [drone, safe], coordinated=1,
                participations=[Participation("1", "coordinator"),
                                Participation("2", "participant")]),
        Partner("99900002", SCRIPT_NAME, FORMULA, "FR", "PRC", True, "", [sum_],
                participations=[Participation("3", "participant")], contact="info@x.example"),
        Partner("99900003", "Polizia di Stato", "PDS", "IT", "PUB", None, "",
                practitioner="police"),
    ]


# One unit vector per requirement: R1 and R2 closer to each other than to R3.
SAMPLE_VECTORS = np.array([[1.0, 0.0, 0.0], [0.8, 0.6, 0.0], [0.0, 0.0, 1.0]])


def sample_report() -> ConsortiumReport:
    """The fixed report with its proposal draft (Part A, 3.2, work packages, budget)."""
    report = bare_report()
    report.draft = build_draft(asdict(report), sample_partners(), SAMPLE_VECTORS)
    return report


def bare_report() -> ConsortiumReport:
    members = [
        member(1, "Fraunhofer Gesellschaft | Institut", "FHG", "DE", "REC", False, ["R1"],
               ["DRONE-X (H2020 2019)", "SAFE (FP7 2012)"], role="coordinator"),
        member(2, SCRIPT_NAME, FORMULA, "FR", "PRC", True, ["R2"], ["@SUM(A1) (H2020 2020)"]),
        member(3, "Polizia di Stato", "PDS", "IT", "PUB", None, [], []),
    ]
    requirements = [
        requirement("R1", "Unmanned aerial drones for border surveillance",
                    [0.61, 0.33, 0.1], 0, "FHG",
                    "We build unmanned aerial drones.", "DRONE-X (H2020 2019)", ["+cmd"]),
        requirement("R2", "Forensic analysis of digital evidence", [0.2, 0.52, 0.05], 1,
                    FORMULA, "-2+3 forensic lab", "@SUM(A1) (H2020 2020)", []),
        requirement("R3", "Training curricula for border guards", [0.12, 0.08, 0.2], 2,
                    "PDS", "\tTraining police officers.", "profile", []),
    ]
    return ConsortiumReport(
        call_id="TEST-CL3-01", call_title="Drones and forensics for border police",
        call_source="topic.md", action_type="RIA", deadline="2026-01-15",
        pool="cordis-security", pool_size=42, model="fake-hash-512", members=members,
        requirements=requirements, coverage=0.4433,
        diversity=Diversity(countries=["DE", "FR", "IT"], n_countries=3,
                            type_counts={"PRC": 1, "PUB": 1, "REC": 1},
                            groups=["industry", "public", "research"], n_sme=1,
                            sme_share=1 / 3, country_term=0.5, type_term=1.0, sme_term=0.5,
                            score=0.7, widening=[], n_widening_members=0,
                            practitioners={"police": 1}, n_experienced=1, n_newcomers=0,
                            clusters=[], largest_country_share=1 / 3,
                            terms={"countries": 0.5, "types": 1.0, "sme": 0.5,
                                   "widening": 0.0, "practitioners": 0.5,
                                   "experience": 1.0, "clusters": 0.0}),
        eligibility=Eligibility(eligible=True, rule="at least 3 independent legal entities",
                                reasons=[]),
        objective=0.5483, gaps=["R3"],
        thresholds=rule_numbers(ScoreWeights(covered=0.45, partial=0.3)),
        embedding=EmbedStats(texts=9, unique=8, cached=8, embedded=0),
        notes=["Partners are assumed to be independent legal entities."],
        single_points=["R2"], redundant=["PDS"])
