"""Topic conditions: who a consortium must (or should) include, read from the topic text.

Cluster 3 topics carry conditions such as "This topic requires the active involvement, as
beneficiaries, of at least 2 Police Authorities from at least 2 different EU Member States
or Associated Countries". A consortium that misses a required one is ineligible however
well it covers the requirements, so they are extracted as data with the source sentence,
for the search and for a reader to check.

The extraction is a set of written rules, not a model, so every decision can be traced:

- a role counts only where the sentence involves it: an involvement word (involvement,
  participation, beneficiaries, consortium, at least, minimum, include) shortly before the
  role, or "... is encouraged / welcome / recommended / mandatory" shortly after it.
  "Police Authorities need adequate technologies" is not a condition;
- ``required`` follows the modal word nearest the role: requires, must, mandatory, shall,
  eligible, limited to make it required; should, expected, encouraged, welcome,
  recommended, may make it a recommendation;
- numbers: "at least N" / "a minimum of N" / "N" just before the role give
  ``min_entities``; "from (at least) N (different) Member States / countries" after it
  gives ``min_countries`` for every role named before it in the sentence, and a following
  "These beneficiaries must be from at least N different ..." fills it where missing;
- definitions ("'Police Authorities' means ...") and footnotes are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from consortium.text import split_sentences

POLICE = "police authority"
BORDER = "border or coast guard"
CUSTOMS = "customs authority"
FIRST_RESPONDERS = "first responders"
CIVIL_PROTECTION = "civil protection"
FORENSIC = "forensic institute"
INFRASTRUCTURE = "infrastructure operator"
PRACTITIONERS = "practitioners"
SSH = "SSH"
BODY = "specific body"
LIMIT = "participant limit"
# A sentence that reads as a participation condition (a count, an actor, a must and a
# membership word) but matches no rule: kept for a reader to check by hand, never guessed.
UNPARSED = "unparsed"


@dataclass(frozen=True)
class Condition:
    """One condition on the consortium, with the sentence it was read from."""

    role: str  # one of the role names above, or another named group ("public procurer")
    required: bool  # True: eligibility/mandatory; False: recommended, encouraged, welcome
    sentence: str
    min_entities: int | None = None
    min_countries: int | None = None
    max_entities: int | None = None
    body: str = ""  # the named body to engage, for role "specific body"
    option: str = ""  # "b" when the sentence is restricted to "Option b"

    def summary(self) -> str:
        """Short form for tables: "police authority>=2/2c (required)"."""
        text = self.body or self.role
        if self.min_entities is not None:
            text += f">={self.min_entities}"
        if self.max_entities is not None:
            text += f"<={self.max_entities}"
        if self.min_countries is not None:
            text += f"/{self.min_countries}c"
        if self.option:
            text += f" [option {self.option}]"
        return f"{text} ({'required' if self.required else 'recommended'})"


# Ordered: longer phrases first, so "Border, Coast Guard or Customs Authorities" is one role.
_ROLES: tuple[tuple[str, str], ...] = (
    (f"{BORDER} or {CUSTOMS}", r"border,? (?:coast guards?,? )?(?:and/or|or|/) customs authorit"
                               r"(?:y|ies)|border guards? ?(?:and/or|or|/) ?customs authorit"
                               r"(?:y|ies)"),
    (BORDER, r"border(?:,| and/or| or)? coast guards?(?: authorit(?:y|ies))?"
             r"|border (?:guards?|management)(?: authorit(?:y|ies))?|coast guards?"),
    (CUSTOMS, r"customs authorit(?:y|ies)"),
    (POLICE, r"police authorit(?:y|ies)|law enforcement (?:agenc(?:y|ies)|authorit(?:y|ies))"
             r"|\bLEAs?\b"),
    (f"{FIRST_RESPONDERS} or {CIVIL_PROTECTION}", r"first[- ]responders? or (?:civil protection"
                                                  r" authorit(?:y|ies)|authorit(?:y|ies) in "
                                                  r"charge of disaster risk)"),
    ("medical emergency authority", r"medical emergency authorit(?:y|ies)"),
    (FIRST_RESPONDERS, r"practitioner organisations? \(first responders\)"
                       r"|first[- ]responders?(?:[’'?]s?)?(?: organisations?)?|fire and rescue "
                       r"services?|fire brigades?|emergency medical services?"),
    ("CSIRT", r"(?:national )?(?:CERTs?|CSIRTs?)(?: or (?:CERTs?|CSIRTs?))?"),
    ("hospital", r"hospitals?(?: or other healthcare providers)?|healthcare providers?"),
    ("youth organisation", r"NGOs representing young people or youth organisations"
                           r"|youth organisations?"),
    ("research institution", r"(?:scientific )?research institutions?"),
    ("transport authority", r"(?:local |public )?transport authorit(?:y|ies)"),
    ("city", r"entities from (?:the )?cities|(?<=from at least )(?:\d{1,2}|\w+) cities"),
    (CIVIL_PROTECTION, r"civil protection(?: authorit(?:y|ies)| agenc(?:y|ies)| services?"
                       r"| organisations?)?|authorit(?:y|ies) in charge of disaster risk"
                       r"(?: or crisis communication)?|disaster risk (?:management )?"
                       r"authorit(?:y|ies)"),
    (FORENSIC, r"forensic (?:institutes?|institutions?|laborator(?:y|ies))"),
    (INFRASTRUCTURE, r"(?:critical[- ])?infrastructures? operators?|operators of (?:critical )?"
                     r"infrastructures?|(?:private or public|public or private) operators"),
    ("local or regional authority", r"(?:representatives of )?local (?:or|and) regional "
                                    r"authorit(?:y|ies)(?: in charge of disaster response)?"
                                    r"|local authorit(?:y|ies)|municipalit(?:y|ies)"
                                    r"|cities, represented by a local authority"
                                    r"|regional (?:or|and) local authorit(?:y|ies)"
                                    r"|(?:rural/)?local/regional public authorit(?:y|ies)"),
    ("government authority", r"government authorit(?:y|ies)"
                             r"|public bod(?:y|ies) with a policy[- ]making role"),
    ("public procurer", r"public procurers?|public buyers?"),
    ("civil society organisation", r"civil society organisations?(?: \(CSOs?\))?"
                                   r"(?: \(or non-governmental organisations\))?|\bCSOs?\b"
                                   r"|\bNGOs?\b"),
    ("training centre", r"training cent(?:re|er)s?"),
    ("research and technology organisation", r"research and technology organisations?"
                                             r"(?: \(RTOs?\))?"),
    ("SME", r"\bSMEs\b|\bSME\b"),
    (PRACTITIONERS, r"(?:security |relevant |other security )?practitioners?"
                    r"|end[- ]users?(?: organisations?)?"),
)
_ROLE = re.compile("|".join(f"(?P<r{n}>{p})" for n, (_, p) in enumerate(_ROLES)),
                   re.IGNORECASE)
_BODIES = re.compile(
    r"Europol Innovation Lab|\bCEPOL\b|EU Drugs Agency|\bEUDA\b|\bEMCDDA\b|\bFrontex\b"
    r"|\bENISA\b|\beu-LISA\b|\bEUAA\b|Joint Research Centre|\bJRC\b|Knowledge Network"
    r"|European Cybercrime Centre|\bEC3\b|\bECCC\b|Europol\b")
_SSH = re.compile(r"social sciences? and humanities|\bSSH\b", re.IGNORECASE)

_INVOLVE_BEFORE = re.compile(r"(?:involvement|participation|participate|beneficiar\w*|consorti"
                             r"(?:a|um)|at least|minimum of|include|inclusion|involving|involve)\b"
                             r"[^.;]{0,90}$", re.IGNORECASE)
_INVOLVE_AFTER = re.compile(r"^[^.;]{0,70}?\b(?:is|are) (?:(?:also|particularly|strongly|"
                            r"highly) )?(?:encouraged|welcome|recommended|mandatory|required)"
                            r"|^[^.;]{0,40}?\b(?:must|should|shall) (?:\w+ly )?"
                            r"(?:participate|be involved)",
                            re.IGNORECASE)
_ENGAGE = re.compile(r"engage|cooperat|collaborat|involv|consult|liais|synerg|participate",
                     re.IGNORECASE)
_REQUIRED = re.compile(r"\b(?:requires?|required|must|mandatory|shall|eligib\w*|is limited to"
                       r"|not eligible)\b", re.IGNORECASE)
_OPTIONAL = re.compile(r"\b(?:should|expected|encouraged|welcome|recommended|may|could|"
                       r"invited|desirable|advised|if relevant)\b", re.IGNORECASE)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}
_NUM = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)(?:\s*\(\d+\))?"
_COUNT_BEFORE = re.compile(r"(?:at least|a minimum of|minimum(?: of)?|of|and|:|\(i+\)|^)\s*"
                           + _NUM + r"\s+(?:(?:relevant|different|independent|other|national"
                           r"|major|additional|further|distinct)"
                           r"\s+)*(?:organi[sz]ations? representing\s+)?$", re.IGNORECASE)
_COUNTRIES = re.compile(r"\b(?:from|established in|located in)\s+(?:at least\s+)?" + _NUM
                        + r"\s+(?:at least\s+)?"
                        r"(?:different\s+)?(?:EU\s+)?(?:Member States|countries|Associated)",
                        re.IGNORECASE)
_MAXIMUM = re.compile(r"(?:minimum of " + _NUM + r" to )?(?:(?:a )?maximum of|not more than"
                      r"|not (?:include )?more than|no more than) " + _NUM
                      + r"\s+(?:partners|beneficiaries|participants|entities|members)",
                      re.IGNORECASE)
_ENCOURAGED = re.compile(r"[^.;]{0,100}?\b(?:is|are) (?:\w+ly )?(?:encouraged|welcome)", re.I)
_PLACE = re.compile(r"\b(?:from|established in|located in)\s+(?:the\s+)?(?:EU\s+)?"
                    r"(?:Member States|countries)", re.IGNORECASE)
_EACH_DIFFERENT = re.compile(r"\beach from a different (?:EU )?(?:Member State|country)",
                             re.IGNORECASE)
# "tested with at least 3 regional authorities", "used by at least 2 border guard
# authorities": a count with no word of membership is about testing or users, not members.
_MEMBERSHIP = re.compile(r"^\s*at least|involv|particip|beneficiar|consorti|includ|partner"
                         r"|composed|encourag|welcome|recommend|mandatory|required|eligib",
                         re.IGNORECASE)
_LOOKS_LIKE = re.compile(r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                         r"(?:\w+\s+){0,3}(?:organi[sz]ations|authorities|entities|partners"
                         r"|agencies|services|bodies|institutions|operators)\b", re.IGNORECASE)
_LIMITED = re.compile(r"participation (?:in this topic )?is limited to|controlled by [^.]{0,60}"
                      r"(?:not eligible|shall not participate)", re.IGNORECASE)
# A sentence without any of these states no condition; plain substring tests first keep
# extraction fast enough for a 629-topic dump (regular expressions run only on the rest).
_CUE_WORDS = ("involv", "more than", "particip", "beneficiar", "consorti", "at least", "minimum",
              "maximum", "encourag", "welcome", "recommend", "mandatory", "requir", "engage",
              "cooperat", "collaborat", "social sciences", "ssh", "limited to", "not eligible",
              "consult", "liais", "coordinator")
_ROLE_WORDS = ("police", "law enforcement", "border", "coast", "customs", "responder",
               "civil protection", "disaster", "forensic", "operator", "local", "government",
               "procurer", "buyer", "civil society", "cso", "ngo", "training cent", "public bod",
               "research and technology", "sme", "practitioner", "end-user", "end user", "lea",
               "fire", "medical", "cert", "csirt", "hospital", "healthcare", "youth", "regional",
               "research institution", "transport", "cities", "municipal")
_BODY_WORDS = ("Europol", "CEPOL", "Drugs Agency", "EUDA", "EMCDDA", "Frontex", "ENISA",
               "eu-LISA", "EUAA", "Joint Research Centre", "JRC", "Knowledge Network",
               "Cybercrime Centre", "EC3", "ECCC")
# Sentences about people around the project, not members of it (README of conditions_gold):
# a mid-term deliverable assessed by "the practitioners involved", engagement "beyond the
# project consortium", end-users as validators, what a participant should not focus on.
_NOT_MEMBERSHIP = re.compile(r"mid-term deliverable|beyond the (?:project )?consorti"
                             r"|\b(?:as|in the role of) (?:a )?validators?\b"
                             r"|should not focus on|build on (?:the work of )?[^.]{0,40}projects"
                             r"|\d+ ?% of the (?:proposed |total )?budget", re.IGNORECASE)
_SME_COORDINATOR = re.compile(r"\b(?:one|an?) SME (?:takes|to take|should take|acts as)"
                              r" (?:on )?the (?:role of )?coordinat", re.IGNORECASE)
_DEFINITION = re.compile(r"in the context of this destination|\bmeans\b", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_OPTION = re.compile(r"\boption\s+([a-f])\b", re.IGNORECASE)
_GLUED = re.compile(r"(?<=[a-z)])([.:;])(?=[A-Z])")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _WORDS[token.lower()]


def _is_required(sentence: str, position: int) -> bool:
    """The modal word nearest the role decides; no modal word means a stated requirement."""
    best: tuple[int, bool] | None = None
    for pattern, required in ((_REQUIRED, True), (_OPTIONAL, False)):
        for match in pattern.finditer(sentence):
            distance = abs(match.start() - position)
            if best is None or distance < best[0]:
                best = (distance, required)
    return True if best is None else best[1]


def _option(sentence: str) -> str:
    found = {m.lower() for m in _OPTION.findall(sentence)}
    return found.pop() if len(found) == 1 else ""


def _role_conditions(sentence: str) -> list[Condition]:
    found: list[Condition] = []
    matches = list(_ROLE.finditer(sentence))
    placed: list[bool] = []   # the role's own clause says where it is, with no count
    for n, match in enumerate(matches):
        before, after = sentence[max(0, match.start() - 200): match.start()], \
            sentence[match.end():]
        if not (_INVOLVE_BEFORE.search(before) or _INVOLVE_AFTER.search(after)):
            continue
        # Countries are read up to the next role: "2 Training Centres located in ..., and 2
        # practitioners from at least 2 ..." gives the centres no country count.
        clause = sentence[match.end():matches[n + 1].start()] if n + 1 < len(matches) else after
        role = _ROLES[int(next(k for k, v in match.groupdict().items() if v)[1:])][0]
        count = _COUNT_BEFORE.search(before[-40:]) or re.match(_NUM + r"\s", match.group(0))
        countries = _COUNTRIES.search(clause)
        placed.append(countries is None and _PLACE.search(clause) is not None)
        found.append(Condition(
            role=role, sentence=sentence, min_entities=_number(count.group(1)) if count else None,
            required=_is_required(sentence, match.start()) and not _ENCOURAGED.match(after),
            min_countries=_number(countries.group(1)) if countries else None,
            option=_option(sentence)))
    # "at least 3 Police Authorities and at least 2 CSOs from at least 3 different ...":
    # the countries apply to the consortium's set of such participants, so to every role
    # named before them (not to roles after them, nor to one placed on its own).
    last = max((k for k, c in enumerate(found) if c.min_countries), default=-1)
    if last >= 0:
        found = [replace(c, min_countries=found[last].min_countries)
                 if k < last and not c.min_countries and not placed[k] else c
                 for k, c in enumerate(found)]
    first = _ROLE.search(sentence)   # "at least 3 organisations from 3 ... as follows: (i)"
    ahead = _COUNTRIES.search(sentence[:first.start()]) if first and last < 0 else None
    shared = _number(ahead.group(1)) if ahead else None
    if _EACH_DIFFERENT.search(sentence):
        found = [c if c.min_countries else replace(c, min_countries=c.min_entities)
                 for c in found]
    return [c if c.min_countries or shared is None else replace(c, min_countries=shared)
            for c in found]


def _other_conditions(sentence: str, low: str) -> list[Condition]:
    found: list[Condition] = []
    ssh = _SSH.search(sentence) if "ssh" in low or "social science" in low else None
    if ssh and (_REQUIRED.search(sentence) or _OPTIONAL.search(sentence)):
        found.append(Condition(SSH, _is_required(sentence, ssh.start()), sentence,
                               option=_option(sentence)))
    bodies = _BODIES.finditer(sentence) if any(w in sentence for w in _BODY_WORDS) else ()
    for match in bodies:
        if _ENGAGE.search(sentence):
            found.append(Condition(BODY, _is_required(sentence, match.start()), sentence,
                                   body=match.group(0), option=_option(sentence)))
    coordinator = _SME_COORDINATOR.search(sentence) if "coordinat" in low else None
    if coordinator:
        found.append(Condition("SME", _is_required(sentence, coordinator.start()), sentence,
                               min_entities=1, option=_option(sentence)))
    maximum = _MAXIMUM.search(sentence) if "maximum" in low or "more than" in low else None
    if maximum:
        found.append(Condition(LIMIT, _is_required(sentence, maximum.start()), sentence,
                               min_entities=_number(maximum.group(1)) if maximum.group(1)
                               else None, max_entities=_number(maximum.group(2))))
    elif ("limited to" in low or "controlled by" in low) and _LIMITED.search(sentence):
        found.append(Condition(LIMIT, True, sentence))
    return found


def sentences_of(text: str) -> list[str]:
    """Sentences of a topic text, footnotes removed and glued sentence ends split."""
    text = _GLUED.sub(r"\1 ", _FOOTNOTE.sub("", text))
    return [s for line in re.split(r"\n\s*\n|\n(?=\s*[-*•] )", text)
            for s in split_sentences(line.strip().lstrip("-*• "))]


def extract_conditions(text: str) -> list[Condition]:
    """Every condition stated in a topic text, in order, each once per sentence and role."""
    conditions: list[Condition] = []
    previous: list[Condition] = []
    for sentence in sentences_of(text):
        low = sentence.lower()
        if not any(word in low for word in _CUE_WORDS):
            previous = []
            continue
        if _NOT_MEMBERSHIP.search(sentence):
            previous = []
            continue
        if _DEFINITION.search(sentence) and "Police Authorities" in sentence \
                and "requires" not in sentence:
            previous = []
            continue
        roles_here = any(w in low for w in _ROLE_WORDS) and _MEMBERSHIP.search(sentence)
        found = (_role_conditions(sentence) if roles_here else []) \
            + _other_conditions(sentence, low)
        if not found and _REQUIRED.search(sentence) and _LOOKS_LIKE.search(sentence) \
                and re.search(r"involv|particip|beneficiar|consorti", low):
            found = [Condition(UNPARSED, True, sentence, option=_option(sentence))]
        countries = _COUNTRIES.search(sentence)
        if not found and countries and previous and re.match(
                r"(?:these|such|all) (?:beneficiaries|participants|organisations)", sentence,
                re.IGNORECASE):
            number = _number(countries.group(1))
            conditions[-len(previous):] = [
                c if c.min_countries else replace(c, min_countries=number) for c in previous]
            previous = []
            continue
        unique: list[Condition] = []
        for condition in found:
            key = (condition.role, condition.body)
            if all((c.role, c.body) != key for c in unique):
                unique.append(condition)
        conditions.extend(unique)
        previous = unique
    return conditions


def strongest(conditions: list[Condition]) -> list[Condition]:
    """One condition per role (and body): required before recommended, then more numbers."""
    best: dict[tuple[str, str], Condition] = {}
    for condition in conditions:
        key = (condition.role, condition.sentence if condition.role == UNPARSED
               else condition.body)
        rank = (condition.required, condition.min_entities or 0, condition.min_countries or 0)
        held = best.get(key)
        if held is None or rank > (held.required, held.min_entities or 0,
                                   held.min_countries or 0):
            best[key] = condition
    return list(best.values())
