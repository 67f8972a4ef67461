"""What kind of thing each requirement asks for, and which "Option" it belongs to.

Not every sentence of a topic is something a partner can cover. "Coordination among the
successful proposals from this topic should be envisaged" is asked of every funded project
alike, so matching partners against it only adds noise to coverage. The rules here are
written out so a reader can check them (README, "Call texts"):

- Expected Outcome text is ``expected_outcome``; Scope text is ``scope``;
- Scope text about SSH, gender, ethics, open science, international cooperation or
  engaging a named EU body (Europol Innovation Lab, CEPOL, Frontex, ...) is
  ``cross_cutting`` with its ``aspect``: it still counts, since some partner must bring it;
- text every proposal of a call shares (coordination among successful proposals, pointers
  to General Annexes or the Destination's introduction, URLs and footnotes) is
  ``boilerplate`` and weighs 0: it stays visible in ``calls show`` but no longer moves
  coverage. "Build on and not duplicate previous research" is not: partners' track record
  can cover it (the labelled set of ``roles`` counts it an ask). Since issue #17 the role
  of ``roles`` decides what is scored; ``kind`` only sets an ask's weight and aspect;
- text asking for testing, validation, demonstration, pilots, trials, living labs,
  testbeds or a TRL is ``validation`` (issue #24), whatever its section: it asks *where*
  the work is proven, which partners answer with their facilities (``aspect`` holds the
  short phrase a report names it by, "at-sea demonstrations").

Options: a topic may say "Proposals are expected to address one of the following options:
Option a: ...". A proposal answers one option, so each requirement records the option it
belongs to ("" = common to all), and callers may keep one option plus the common ones.
"""

from __future__ import annotations

import re

EXPECTED_OUTCOME_KIND = "expected_outcome"
SCOPE_KIND = "scope"
CROSS_CUTTING = "cross_cutting"
BOILERPLATE = "boilerplate"
VALIDATION = "validation"
KINDS = (EXPECTED_OUTCOME_KIND, SCOPE_KIND, CROSS_CUTTING, BOILERPLATE, VALIDATION)

_BOILERPLATE = re.compile(
    r"coordination (?:among|between) the successful proposals"
    r"|considerations expressed in the introduction"
    r"|\bsee general annex|\bgeneral annexes\b"
    r"|\A\W*(?:\[\d+\]|\d{1,3})?\s*https?://\S+\W*\Z"
    r"|\A\s*\[\d+\]",
    re.IGNORECASE,
)
# Ordered: the first aspect that matches names the requirement.
_ASPECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("engagement", re.compile(
        r"europol innovation lab|\bcepol\b|\bfrontex\b|\beu-lisa\b|\benisa\b|\beuaa\b"
        r"|eu drugs agency|\bemcdda\b|\beuda\b|knowledge network|\bjrc\b|\beccc\b"
        r"|\bengage with\b|\bcooperat\w* with (?:the )?[^.;]{0,50}?\b(?:agency|lab)\b",
        re.IGNORECASE)),
    ("ssh", re.compile(r"social sciences? and humanities|\bSSH\b", re.IGNORECASE)),
    ("gender", re.compile(r"gender dimension|sex and gender|\bgender\b", re.IGNORECASE)),
    ("ethics", re.compile(r"\bethic", re.IGNORECASE)),
    ("open_science", re.compile(r"open science|\bFAIR\b|open access", re.IGNORECASE)),
    ("international", re.compile(r"international cooperation|third countries"
                                 r"|international (?:partners|organisations)", re.IGNORECASE)),
    ("practitioner_feedback", re.compile(r"mid-term deliverable|practitioners involved in "
                                         r"the project", re.IGNORECASE)),
)


# What a topic says when it asks for proof in a setting. Nouns name the setting ("field
# trials"), so a report names the requirement by the first noun; verbs ("tested in ...")
# are the fall-back.
_VALIDATION_NOUN = re.compile(
    r"\b(?:demonstrat(?:ions?|ors?)|pilots?|trials?|living[- ]labs?|test[- ]?beds?"
    r"|test(?:ing)? (?:sites?|ranges?|facilit(?:y|ies)|environments?)|validation"
    r"|testing(?! (?:and validation )?data))\b", re.IGNORECASE)
# A readiness level names the bar, not the setting: the phrase prefers the setting.
_READINESS = re.compile(r"\b(?:TRL\s?\d(?:\s?[-–]\s?\d)?|technology readiness levels?"
                        r"(?:\s?\d)?)\b", re.IGNORECASE)
_VALIDATION_VERB = re.compile(
    r"\b(?:test(?:s|ed)?|validat(?:e|ed|es|ing)|demonstrat(?:e|ed|es|ing)|piloted)\b",
    re.IGNORECASE)
# "Demonstrate that ...", "validate how ...": to show an argument, not to prove in a setting.
_SHOW = re.compile(r"\s+(?:that|how|whether|why|synergies|the (?:added )?value|their|its"
                   r"|a proven|experience|knowledge|compliance|capacit\w*|abilit\w*|impact"
                   r"|commitment)\b", re.IGNORECASE)
# One word before the noun that says where or how ("at-sea", "field", "large-scale").
_MODIFIER = re.compile(r"(?:\b[\w]+-[\w-]+|\b\w+(?:al|ic|ive|ary|field|world|scale|user)"
                       r"|\bfield|\blive|\bjoint|\bpilot)\s+$", re.IGNORECASE)
# Where the noun or verb is proven: "in relevant environments", "with practitioners".
_SETTING = re.compile(r"^\s+(in|at|with|under|on|across)((?:\s+[\w-]+){1,3})",
                      re.IGNORECASE)
_SETTING_STOP = frozenset({"in", "at", "with", "of", "for", "and", "or", "to", "by", "on",
                           "least", "a", "an", "the", "that", "which", "as", "from"})


def _setting(after: str) -> str:
    match = _SETTING.match(after)
    if match is None:
        return ""
    words: list[str] = []
    for word in match.group(2).split():
        if word.lower() in _SETTING_STOP:
            break
        words.append(word)
    return f" {match.group(1)} {' '.join(words)}" if words else ""


def validation_phrase(text: str) -> str:
    """The phrase a validation requirement is named by ("at-sea demonstrations", "pilots
    with practitioners", "tested in relevant environments"); "" when the text asks for no
    validation."""
    match = _VALIDATION_NOUN.search(text) or _READINESS.search(text) or next(
        (m for m in _VALIDATION_VERB.finditer(text) if not _SHOW.match(text[m.end():])), None)
    if match is None or (match.start() == 0 and match.group().lower().endswith("ed")):
        return ""  # "Validated sensors that ...": an outcome's adjective, not an ask
    if match.re is _VALIDATION_VERB:  # the verb with what it proves, up to 6 words
        rest = re.split(r"[.,;:()]", text[match.end():], maxsplit=1)[0].split()[:6]
        return " ".join([match.group().lower(), *rest])
    lead = _MODIFIER.search(text[:match.start()])
    phrase = " ".join(((lead.group() if lead else "") + match.group()
                       + _setting(text[match.end():])).split())
    return phrase if phrase[:3].isupper() else phrase[0].lower() + phrase[1:]


_BOILERPLATE_WORDS = ("coordination", "introduction", "annex", "http", "[")
_ASPECT_WORDS = ("europol", "cepol", "frontex", "lisa", "enisa", "euaa", "drugs agency", "emcdda",
                 "euda", "knowledge network", "jrc", "eccc", "engage", "cooperat", "social scien",
                 "ssh", "gender", "ethic", "open science", "fair", "open access", "international",
                 "third countr", "mid-term", "practitioners involved")


# Weight of a requirement in coverage, by kind. Expected outcomes are what evaluators
# score impact against; scope sentences mix work asked for with context; cross-cutting
# aspects (SSH, gender, ethics, open science) must be addressed but rarely decide who
# joins; boilerplate (duration, budget, reporting) says nothing about partners. A design
# choice written down, not fitted: the evaluation (docs/evaluation.md) is where a change
# would have to prove itself on the dev split.
# Validation weighs between the two: evaluators score where and how results are proven
# under impact and implementation alike, but a topic's outcomes still lead (an expected
# outcome that asks for validation keeps its 1.0, and a cross-cutting aspect such as
# engaging an EU body stays cross-cutting).
KIND_WEIGHTS = {"expected_outcome": 1.0, "scope": 0.8, "cross_cutting": 0.5,
                "boilerplate": 0.0, "validation": 0.9}


def classify(section_kind: str, text: str) -> tuple[str, str, float]:
    """(kind, aspect, weight) of one requirement text; see the module docstring."""
    low = text.lower()
    if any(word in low for word in _BOILERPLATE_WORDS) and _BOILERPLATE.search(text):
        return BOILERPLATE, "", KIND_WEIGHTS[BOILERPLATE]
    phrase = validation_phrase(text)
    if section_kind == EXPECTED_OUTCOME_KIND:  # validation never demotes an outcome
        kind = VALIDATION if phrase else EXPECTED_OUTCOME_KIND
        return kind, phrase, KIND_WEIGHTS[EXPECTED_OUTCOME_KIND]
    for aspect, pattern in _ASPECTS if any(word in low for word in _ASPECT_WORDS) else ():
        if pattern.search(text):  # engaging Europol's Lab is the ask, even for validation
            return CROSS_CUTTING, aspect, KIND_WEIGHTS[CROSS_CUTTING]
    if phrase:
        return VALIDATION, phrase, KIND_WEIGHTS[VALIDATION]
    return SCOPE_KIND, "", KIND_WEIGHTS[SCOPE_KIND]


# "Option a: ...", "Option B - ...", "(Option c)", at the start of a requirement.
_OPTION_LABEL = re.compile(r"^\W{0,3}option\s+([a-f]|\d)\b\)?\s*[:.)\-–]", re.IGNORECASE)
# "For Option b), ...", "under option a", "(option c)" inside a sentence.
_OPTION_MENTION = re.compile(r"\b(?:for|under|in|of|to)\s+option\s+([a-f])\b\)?"
                             r"|\(option\s+([a-f])\)", re.IGNORECASE)
# Sentences that speak for the whole topic again after an option's prose.
_COMMON_AGAIN = re.compile(
    r"^(?:all|both|each|regardless|irrespective|for all|in (?:all|both|either) (?:options|cases)"
    r"|proposals|projects|research proposals|the proposals|the projects|in this topic"
    r"|this topic|coordination|moreover, proposals|furthermore, proposals|independently)\b",
    re.IGNORECASE)


def option_label(text: str) -> str:
    """The option a requirement opens with ("Option b: ..." -> "b"), else ""."""
    match = _OPTION_LABEL.match(text)
    return match.group(1).lower() if match else ""


def option_mentioned(text: str) -> str:
    """The single option a sentence is restricted to ("For Option b), ..." -> "b")."""
    found = {(a or b).lower() for a, b in _OPTION_MENTION.findall(text)}
    return found.pop() if len(found) == 1 else ""


def assign_options(pieces: list[tuple[int, str]]) -> list[str]:
    """The option of each (block, text) piece of one section, in order.

    A label in a list item covers that item only (negative block numbers are list blocks);
    a label in prose covers the following sentences of the same paragraph until another
    label or a sentence that addresses all proposals again ("Proposals should ...").
    """
    options: list[str] = []
    current, current_block = "", None
    for block, text in pieces:
        label = option_label(text)
        if block < 0:
            current, current_block = "", None
            options.append(label or option_mentioned(text))
            continue
        if label:
            current, current_block = label, block
        elif current and (block != current_block or _COMMON_AGAIN.match(text)):
            current, current_block = "", None
        options.append(current or option_mentioned(text))
    return options
