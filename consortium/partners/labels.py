"""The label a table shows for an organisation: at most 20 characters, acronym first.

A coverage heatmap has one column per member, so its header must be short, and people
know consortium members by their acronyms (TNO, MSB, NCSR). CORDIS gives a short name,
but a fifth of them are long English names ("HELLENIC MEDITERRANEAN UNIVERSITY"), some
with lost spaces ("CENTER FORSECURITY STUDIES"), and many hide the acronym among other
capitals ("UNIVERSITY OF WESTERN MACEDONIA UOWM"). In that order, the label is:

1. the short name with its spaces repaired, when it fits;
2. an acronym the names themselves give: in brackets ("(EFIC)"), set off by a dash
   ("RISSC - CENTRO ..."), or a capitalised word whose letters spell the start of the
   other words (Schwartz and Hearst's test: "UOWM" in "University Of Western
   Macedonia", "NCA" in "National Customs Agency"); a legal form ("LTD", "SA") or a
   function word of another language ("AL", "KAI", "HET") never is one;
3. the short name (or legal name) compacted: legal forms dropped (written out too:
   "SPOLKA AKCYJNA", "SINGLE MEMBER LIMITED LIABILITY COMPANY"), common words
   abbreviated ("Univ.", "Inst."), capitals made title case, cut at a word with "…".

Labels are never made up: every letter is in one of the names. The full legal name is
what Part A shows; this is only for columns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from consortium.partners.names import fold, known_words, repair_spacing
from consortium.text import word_set

LABEL_LIMIT = 20
_MAX_ACRONYM = 12
_DASHED = 7  # a longer word set off by a dash is a name ("ISTANBUL UNIV. - CERRAHPASA")
_ROMAN = re.compile(r"^[ivxlc]+$")



# Legal forms and company-register words: capitals, but never a name.
LEGAL_FORMS = word_set("""
    ab ad ae ag aps as asa asbl bv bvba cic co corp cv dd doo ead ee eeig eirl epe eurl
    ev gbr gie gmbh ggmbh hf ike inc jsc kft kg kgaa ks llc llp lda ltd ltda mbh nv oe
    ohg oy oyj pc plc ps sa sal sarl sas sasu scarl scrl se sl slu sll snc spa sp sro
    srl sprl sca scs ug vzw zrt nyrt ou uab pbc pty bhd pte ooo ao zao oao pjsc spol vof
    ky kb hb scoop coop scop smsa mepe oo zoo spzoo bvba haftungsbeschrankt mbh
""")
# Legal forms written out, in words that are names elsewhere ("Single", "Trust"): dropped
# only as the whole phrase.
LEGAL_PHRASES = tuple(tuple(phrase.split()) for phrase in (
    "single member private company", "single member limited liability company",
    "single member private limited company", "limited liability company",
    "private limited company", "public limited company", "private company",
    "limited partnership", "monoprosopi etairia periorismenis evthinis",
    "monoprosopi etaireia periorismenis efthynis", "monoprosopi idiotiki kefalaiouchiki "
    "etaireia", "idiotiki kefalaiouchiki etaireia", "etaireia periorismenis efthynis",
    "etairia periorismenis evthinis", "anonymi etaireia", "anonymos etaireia",
    "spolka z ograniczona odpowiedzialnoscia", "spolka akcyjna", "spolka komandytowa",
    "societe par actions simplifiee", "societe anonyme", "societe a responsabilite limitee",
    "societa a responsabilita limitata", "societa per azioni", "sociedad limitada",
    "sociedad anonima", "besloten vennootschap", "naamloze vennootschap",
    "gesellschaft mit beschrankter haftung", "gemeinnutzige gmbh", "akciova spolecnost",
    "spolecnost s rucenim omezenym", "druzba z omejeno odgovornostjo", "limited",
))
# Short function words of European languages that appear in capitals inside names.
FUNCTION_WORDS = word_set("""
    a al als an and at au aux by da dal das de dei del della dem den der des di do dos
    du e ed el en es et for för fur für h het i il im in ir kai la le les na nel och od
    of og on op os per po pour pre pro sa se si su te the to tou ton tis tes u und v van
    ve voor w y z za zu ou ja ta ke ac ao na nos das zum zur
""")
_ABBREVIATIONS = {
    "university": "Univ.", "universitat": "Univ.", "universitet": "Univ.",
    "universite": "Univ.", "universidad": "Univ.", "universita": "Univ.",
    "institute": "Inst.", "institut": "Inst.", "instituto": "Inst.", "istituto": "Inst.",
    "national": "Nat.", "nationale": "Nat.", "nacional": "Nac.", "nazionale": "Naz.",
    "international": "Int.", "european": "Eur.", "technology": "Tech.",
    "technologies": "Tech.", "technical": "Tech.", "research": "Res.",
    "association": "Assoc.", "foundation": "Found.", "ministry": "Min.",
    "department": "Dept.", "municipality": "Mun.", "centre": "Ctr", "center": "Ctr",
    "development": "Dev.", "management": "Mgmt", "services": "Serv.", "service": "Serv.",
    "systems": "Syst.", "authority": "Auth.", "applied": "Appl.", "sciences": "Sci.",
    "science": "Sci.", "engineering": "Eng.", "laboratory": "Lab.", "company": "Co.",
    "corporation": "Corp.", "organisation": "Org.", "organization": "Org.",
    "information": "Inf.", "administration": "Admin.", "directorate": "Dir.",
    "general": "Gen.", "hospital": "Hosp.", "agency": "Ag.", "republic": "Rep.",
    "constabulary": "Const.", "ayuntamiento": "Ayto.", "innovation": "Innov.",
    "security": "Sec.", "consulting": "Cons.",
}


def _bare(token: str) -> str:
    """A token as letters only, lower case: "S.M.S.A." -> "smsa", "d." -> "d"."""
    return re.sub(r"[^a-z0-9]", "", fold(token))


def _is_form_or_function(token: str) -> bool:
    bare = _bare(token)
    return bare in LEGAL_FORMS or bare in FUNCTION_WORDS or not bare


def _words(names: list[str], skip: str) -> list[str]:
    """The words of the names, split at spaces, dashes and slashes, without ``skip``."""
    return [fold(w) for name in names for w in re.split(r"[\s\-/–]+", name)
            if _bare(w) and _bare(w) != _bare(skip)]


def _initialism(acronym: str, words: list[str]) -> bool:
    """Every letter is the initial of one of the words, in order ("UOWM": University Of
    Western Macedonia); the words between may be skipped."""
    letters = [ch for ch in _bare(acronym) if ch.isalpha()]
    at = 0
    for ch in letters:
        while at < len(words) and words[at][0] != ch:
            at += 1
        if at == len(words):
            return False
        at += 1
    return len(letters) >= 2


def _spells(acronym: str, words: list[str]) -> bool:
    """Schwartz and Hearst's test: the letters, right to left, are found in order in the
    words, the first at the start of a word ("PAGNI": PAnepistimiako Geniko ...)."""
    letters = [ch for ch in _bare(acronym) if ch.isalpha()]
    text = " " + " ".join(words)
    pos = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        while pos > 0 and (text[pos] != letters[index]
                           or (index == 0 and text[pos - 1] != " ")):
            pos -= 1
        if pos <= 0:
            return False
        pos -= 1
    return len(letters) >= 2


_CANDIDATE = re.compile(rf"^[A-Z0-9][A-Za-z0-9&.]{{1,{_MAX_ACRONYM - 1}}}$")


def _candidate(token: str) -> bool:
    """Shaped like an acronym: capitals (a lower-case letter allowed inside: "UdN"),
    at least two letters, not a legal form or a function word."""
    token = token.strip(",;:()[]\"'")
    if not _CANDIDATE.match(token) or _is_form_or_function(token) \
            or _ROMAN.match(_bare(token)):
        return False
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= len(letters) - 1 \
        and token[-1].isalnum()


def _explicit(text: str) -> str:
    """An acronym the text marks as one: "(TIB)", "RISSC - ...", "... - CRC"."""
    for match in re.finditer(rf"\(([^()]{{2,{_MAX_ACRONYM}}})\)", text):
        found = match.group(1)
        if _candidate(found) and found.upper() == found and _bare(found) not in known_words():
            return found
    parts = [p.strip() for p in re.split(r"\s[-–]\s", text)]
    if len(parts) > 1:
        for part in (parts[0], parts[-1]):
            if " " not in part and _candidate(part) and len(_bare(part)) <= _DASHED:
                return part
    return ""


def _tokens(text: str) -> list[str]:
    """Words, and the parts of hyphenated words ("NETHERLANDS-NPN" gives "NPN")."""
    out = []
    for word in text.split():
        word = word.strip(",;:()[]\"'")
        out.append(word)
        if "-" in word:
            out.extend(p for p in word.split("-") if p)
    return out


def _spelt(names: list[str]) -> str:
    """An acronym the other words spell: an initialism anywhere; else an unknown
    capitalised first or last word of the short name (or first of the legal name) that
    the Schwartz-Hearst test accepts,
    or capitals among lower case ("DHL Innovation Center")."""
    for text in names:
        for token in _tokens(text):
            if _candidate(token) and _initialism(token, _words(names, token)):
                return token
    short = names[0]
    tokens = [t for t in _tokens(short) if t]
    legal = [t for t in _tokens(names[1]) if t][:1]  # "ELES D.O.O. ..." names a brand
    ends = [t for t in tokens[:1] + tokens[-1:] + legal if len(_bare(t)) <= 6]
    for token in ends:
        if _candidate(token) and _bare(token) not in known_words() \
                and _spells(token, _words(names, token)):
            return token
    if short.upper() != short and len(tokens) > 1:
        for token in tokens:
            if _candidate(token) and token.upper() == token \
                    and _bare(token) not in known_words():
                return token
    return ""


def unglue(text: str) -> str:
    """Split a word that is two known words run together ("SOFTWARESINGLE"), which
    ``repair_spacing`` leaves alone as it only splits off function words."""
    words = known_words()
    out = []
    for token in text.split():
        low = fold(token)
        if low.isalpha() and len(low) >= 9 and low not in words and token == low.upper():
            splits = [i for i in range(4, len(low) - 3)
                      if low[:i] in words and low[i:] in words]
            if len(splits) == 1:
                out += [token[:splits[0]], token[splits[0]:]]
                continue
        out.append(token)
    return " ".join(out)


# Elided articles and prepositions of French and Italian names ("de l'Intérieur").
_ELIDED = frozenset(("l", "d", "dell", "all", "dall", "nell", "sull", "un", "qu"))


def _title(word: str) -> str:
    """A shouted word in title case, unless it looks like an acronym or a code."""
    if any(ch.isdigit() for ch in word) or (len(word) <= 3 and fold(word) not in FUNCTION_WORDS):
        return word
    low = word.lower()
    if low in FUNCTION_WORDS:
        return low
    head, mark, rest = low.partition("'")
    if mark and rest and head in _ELIDED:    # "L'INTERIEUR" -> "l'Interieur"
        return f"{head}'{_title(rest.upper())}"
    return "-".join(p[:1].upper() + p[1:] for p in low.split("-"))


def readable(text: str) -> str:
    """A name as a sentence shows it: every character kept, only a shouted name in
    title case ("HELLENIC RESCUE TEAM ATTICA" -> "Hellenic Rescue Team Attica")."""
    if text.upper() != text:
        return text
    out = " ".join(_title(word) for word in text.split())
    return out[:1].upper() + out[1:]


def _without_phrases(words: list[str]) -> list[str]:
    """The words less any written-out legal form (``LEGAL_PHRASES``), anywhere."""
    bare = [_bare(w) for w in words]
    keep = [True] * len(words)
    for phrase in LEGAL_PHRASES:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(bare[i:i + n]) == phrase:
                keep[i:i + n] = [False] * n
    return [w for w, k in zip(words, keep, strict=True) if k]


def compact(text: str, abbreviate: bool = True) -> str:
    """Legal forms and a leading article dropped, shouting made title case, long common
    words abbreviated (if ``abbreviate``) while the whole is too long."""
    words = _without_phrases([w for w in text.replace(",", " ").split() if _bare(w)])
    words = [w for w in words if _bare(w) not in LEGAL_FORMS]
    while words and fold(words[-1]) in FUNCTION_WORDS:
        words.pop()
    if words and fold(words[0]) in ("the", "la", "le", "il", "de"):
        words = words[1:]
    if not words:
        return " ".join(text.split())
    if text.upper() == text:
        words = [_title(w) for w in words]
    for i, word in enumerate(words):
        if len(" ".join(words)) <= LABEL_LIMIT or not abbreviate:
            break
        short = _ABBREVIATIONS.get(fold(word))
        if short:
            words[i] = short
    return " ".join(words)


def _cut(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut, so a table never shows half a word."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    breaks = [i for i, ch in enumerate(cut) if ch in " -/" and i >= limit // 2]
    if breaks and text[limit - 1] not in " -/":
        cut = cut[: breaks[-1]]
    return cut.rstrip(" ,-;&") + "…"


@lru_cache(maxsize=1 << 15)
def display_label(name: str, short_name: str = "", limit: int = LABEL_LIMIT) -> str:
    """What a table column shows for an organisation (see the module doc)."""
    name = repair_spacing(" ".join(name.split()))
    short = repair_spacing(" ".join(short_name.split()))
    if short and len(short) <= limit and not _is_form_or_function(short):
        return short
    names = [short, name] if short else [name, name]
    for text in names:
        acronym = _explicit(text)
        if acronym:
            return acronym
    acronym = _spelt(names)
    if acronym and len(acronym) <= limit:
        return acronym
    text = unglue(short or name)
    return max((_cut(compact(text), limit), _cut(compact(text, False), limit)),
               key=_words_shown)


def _words_shown(label: str) -> tuple[bool, int, bool]:
    """Which label shows more of the name: uncut first, then more words, then words
    written out rather than abbreviated."""
    return (not label.endswith("…"), len(label.rstrip("…").split()), "." not in label)
