"""The role of each unit of a topic text: is it something the proposal must address?

Only an *ask* (an outcome or scope item a proposal must or should address) is a
requirement that partners are scored against. Background prose (*context*), programme text
every topic shares (*boilerplate*), footnotes, list lead-ins, broken fragments, consortium
*conditions* and links to named earlier topics (*predecessor*) stay on the Call, greyed,
but weigh nothing: matching partner expertise against "Coordination among the successful
proposals ... should be envisaged" or "Software is at the foundation of all digital
technologies" only blurs which partner covers what the topic asks.

The rules are pure text and position features, no model, so they run in ``calls`` for all
bundled topics in well under a second and every decision can be read back. They were chosen
on the ``build`` half of ``tests/data/requirement_roles`` only (README there has the figures
on the ``report`` half). In order, the first that fires decides:

1. footnote: a footnote number glued before a capital ("65 This decision is ..."), an
   Official Journal citation, a bare URL or "[n]" reference;
2. fragment: a list item that starts with a lowercase "and"/"or"/"but" and a lowercase
   word, i.e. the tail of an item the lossy export cut at ";" (it is joined to the item
   before it by ``topic``, so only a leading fragment survives alone);
3. predecessor: names a topic id, or asks to build on / find synergies with projects of
   named calls ("Calls ... 2021-2022") or projects "such as" a named one;
4. boilerplate: the shared programme sentences (coordination among successful proposals,
   uptake plans, the Destination's introduction, General Annex pointers, funding rules,
   STEP, the gender-not-mandatory sentence, uptake by authorities through BMVI/CCEI, the
   Commission's encouragement to create opportunities for researchers from Ukraine);
5. condition: ``conditions.extract_conditions`` finds a condition on the consortium's
   membership (not SSH expertise or a body to engage, which a partner brings as an ask),
   or the sentence qualifies the condition before it ("Exceptions ... duly justified");
6. lead_in: introduces a list (ends with ":" before list items) and, besides framing words
   ("examples", "the following", "include"), names at most ``LEAD_CONTENT_WORDS`` words;
7. ask: any list item or Expected Outcome unit; in Scope prose, a sentence with a directive
   cue (should, must, expected, encouraged, invited, aims, requires, "need to be", a
   passive modal "may be addressed", a leading gerund "Fostering ...", an item label
   "Use Case 2: ...", an imperative "Build ...");
8. context: Scope prose without such a cue.
"""

from __future__ import annotations

import re

from consortium.calls.conditions import BODY, SSH, extract_conditions
from consortium.calls.predecessors import topic_ids_in

ASK = "ask"
CONTEXT = "context"
BOILERPLATE = "boilerplate"
FOOTNOTE = "footnote"
LEAD_IN = "lead_in"
FRAGMENT = "fragment"
CONDITION = "condition"
PREDECESSOR = "predecessor"
ROLES = (ASK, CONTEXT, BOILERPLATE, FOOTNOTE, LEAD_IN, FRAGMENT, CONDITION, PREDECESSOR)

# A lead-in naming more content words than this ("... options focused on testing /
# validation of tools and technologies ...:") says something a partner could cover: an ask.
LEAD_CONTENT_WORDS = 3

FOOTNOTE_START = re.compile(r"^\d{1,3} (?=[A-Z][a-z])")
_FOOTNOTE = re.compile(r"^(?:\d{1,3} )?(?:OJ [LC]\b|\[\d+\]|https?://\S+\W*$)")
FRAGMENT_START = re.compile(r"^(?:and|or|but) (?=[a-z])")
_PREDECESSOR = re.compile(
    r"\b(?:build|building|builds) on\b[^.]{0,200}\bcalls?\b[^.]{0,80}\b20\d\d\b"
    r"|\bcalls?\b[^.]{0,80}\b20\d\d-20\d\d\b[^.]{0,200}\b(?:build on|duplicate|synerg)"
    r"|\bsynergies with (?:the )?projects (?:from|of|under)\b[^.]{0,80}\bsuch as\b",
    re.IGNORECASE)
_BOILERPLATE = re.compile(
    r"coordination (?:among|between) the successful proposals"
    r"|\b(?:outline|delineate) the plans\b[^.]{0,80}\b(?:uptake|upscaling|TRLs)"
    r"|considerations expressed in the introduction"
    r"|(?:\bsee|described in|information see)\b[^.]{0,20}general annex(?![^.]*\bTRL)"
    r"|\bgeneral annexes\b|not a mandatory requirement"
    r"|\bonly one project per\b|\bpriority will be given\b|\bthe area excluded\b"
    r"|% of the EU funding"
    r"|Strategic Technologies for Europe Platform|\bSTEP Regulation\b"
    r"|should plan to take up the results|should be taken up by\b[^.]{0,80}"
    r"\b(?:support of|funding|BMVI|CCEI|instrument)"
    r"|\bencourages all potential participants to create\b[^.]{0,60}\bopportunities",
    re.IGNORECASE)
_FOLLOW_UP = re.compile(r"^(?:exceptions to this|if the coordinator is not)", re.IGNORECASE)
_FRAMING = frozenset((
    "a", "activities", "addressed", "address", "all", "an", "and", "applicants", "are", "area",
    "areas", "be", "both", "but", "by", "can", "contribute", "could", "domains", "example",
    "examples", "expected", "following", "for", "in", "include", "includes", "including",
    "indicative", "invited", "is", "limited", "may", "non", "exhaustive", "prescriptive", "not",
    "of", "one", "options", "option", "or", "outcomes", "outcome", "plan", "principles",
    "project", "projects", "proposals", "proposed", "results", "s", "should", "some", "the",
    "this", "to", "topic", "under", "will", "with", "work", "programme", "that", "these",
    "objectives", "submit", "along", "research", "explored", "technologies", "approaches",
    "cluster", "bm", "fct", "drs", "infra", "cs", "ssri", "selected", "explicitly",
))
_WORD = re.compile(r"[A-Za-z]+")
_DIRECTIVE = re.compile(
    r"\b(?:should|must|shall|expected|encouraged|invited|welcome|aims?|might"
    r"|(?:topic|action|proposal|project)s? (?:also )?requires?|(?:the|this) topic"
    r"|needs? to be|there is a need|it is important|essential|paramount|crucial"
    r"|recommended|examples|include|focus|emphasis"
    r"|(?:may|could|will) (?:also )?be (?:\w+ly )?\w+(?:ed|en))\b"
    r"|\b(?:proposals?|projects?|consortium|consortia|applicants|action)\b[^.]{0,40}\bwill\b",
    re.IGNORECASE)
# "Use Case 2: 5G and 6G architectures", "Option b: ...", "Area 3) ...": a labelled item of
# a list the source flattened into prose.
_LABEL = re.compile(r"^(?:[A-Z][\w-]* ){1,2}(?:\d{1,2}|[A-Ha-h])\s?[:.)]\s")
# "Build drones for police.": an instruction in the imperative (a user's own notes).
_IMPERATIVE = re.compile(
    r"^(?:Build|Develop|Design|Demonstrate|Provide|Assess|Analy[sz]e|Create|Establish"
    r"|Validate|Test|Improve|Support|Explore|Address|Investigate|Identify|Deliver|Ensure"
    r"|Enhance|Foster|Promote|Strengthen|Implement|Deploy|Integrate|Evaluate|Map|Study"
    r"|Define|Produce|Train|Pilot)\b")
_TRL_TARGET = re.compile(r"\bTRL \d")
_GERUND = re.compile(r"^(?:Not [a-z]+ing|[A-Z][a-z]+ing)\b")
# "Strengthening resilience requires investment": a gerund subject with a finite verb.
_FINITE = re.compile(r"\b(?:is|are|was|were|requires?|has|have)\b")
# A footnote's reference text ends at its link; a real sentence after it makes the unit
# that sentence's (labelled by the sentence, README of requirement_roles).
_AFTER_LINK = re.compile(r"(?:\.pdf|https?://\S+)\s*[–-]?\s*[A-Z]")


# "54 This decision ...: decision_he_en.pdf – Strengthened ...", "82 If a MIDCAP is included
# ..., it could also take the role of coordinator. secure documents ..." (a list item).
_GLUED_FOOTNOTE = re.compile(r"^\d{1,3} [A-Z][^\n]*?(?:\.pdf|https?://\S+)\s*[–-]?\s*(?=[A-Z])"
                             r"|^\d{1,3} [A-Z][^.]*\.\s+(?=[a-z])")


def strip_glued_footnote(text: str) -> str:
    """"54 This decision is available ...: decision_he_en.pdf – Strengthened cooperation
    ..." -> "Strengthened cooperation ...": the lossy export glued a footnote before an item,
    and scoring partners against the footnote's words would only add noise."""
    return _GLUED_FOOTNOTE.sub("", text, count=1)


def is_framing_lead(text: str) -> bool:
    """A lead-in that names at most LEAD_CONTENT_WORDS words besides framing words."""
    text = re.sub(r"\([^)]*\)", " ", text)
    content = [w for w in _WORD.findall(text.lower()) if w not in _FRAMING]
    return len(content) <= LEAD_CONTENT_WORDS


def _is_condition(text: str, previous: str) -> bool:
    if previous == CONDITION and _FOLLOW_UP.match(text):
        return True
    return any(c.role not in (BODY, SSH) for c in extract_conditions(text))


def unit_role(text: str, section: str, bullet: bool, before_list: bool,
              previous: str = "") -> str:
    """The role of one unit; ``section`` is "expected_outcome" or "scope".

    ``before_list``: list items follow this unit; ``previous``: the role of the unit
    before it in the section ("" for the first), for sentences that qualify a condition.
    """
    text = text.strip()
    if (FOOTNOTE_START.match(text) and not bullet and not _AFTER_LINK.search(text)) \
            or _FOOTNOTE.match(text):
        return FOOTNOTE
    if bullet and FRAGMENT_START.match(text):
        return FRAGMENT
    if topic_ids_in(text) or _PREDECESSOR.search(text):
        return PREDECESSOR
    if _BOILERPLATE.search(text) and not _TRL_TARGET.search(text):  # the TRL target asks
        return BOILERPLATE
    if _is_condition(text, previous):
        return CONDITION
    if text.endswith(":") and before_list and is_framing_lead(text):
        return LEAD_IN
    if bullet or section == "expected_outcome":
        return ASK
    if _DIRECTIVE.search(text) or _LABEL.match(text) or _IMPERATIVE.match(text) \
            or (_GERUND.match(text) and not _FINITE.search(text)):
        return ASK
    return CONTEXT
