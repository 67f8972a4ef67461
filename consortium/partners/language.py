"""The languages a registry's members describe themselves in.

The default model reads English only: a member that writes in Finnish is ranked below a
bakery (issue #22). A registry is therefore checked once as it is loaded, and when some
descriptions are not in English and the model in use reads English only, the command
says so in one line and names ``--model multilingual``. py3langid (a maintained fork of
langid.py, numpy only, its model inside the package, no pickle) tells the language; it is
limited to the languages of European members, so a short text is never called Zulu.
Project abstracts are not checked: CORDIS publishes them in English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from consortium.partners.model import Partner

LANGUAGES = ("en", "de", "fr", "nl", "da", "fi", "sv", "no", "is", "es", "it", "pt", "pl",
             "cs", "sk", "sl", "hr", "hu", "ro", "bg", "el", "et", "lv", "lt", "ga", "mt",
             "ca", "eu", "gl", "tr", "uk", "sr")
MIN_WORDS = 6    # fewer words than this ("Cyber security SME") say too little to tell


class LanguageNotice(UserWarning):
    """A registry holds descriptions the model in use cannot read: worth one line."""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or "" for a text too short to tell."""
    if len(text.split()) < MIN_WORDS:
        return ""
    return str(_identifier().classify(text)[0])


def description_languages(partners: Sequence[Partner]) -> Counter[str]:
    """How many members describe themselves in each language (short texts left out)."""
    return Counter(code for code in (detect(p.description) for p in partners
                                     if p.description.strip()) if code)


def english_only_warning(partners: Sequence[Partner]) -> str:
    """The line to show when an English-only model is to read these members, or ""."""
    counts = description_languages(partners)
    other = {code: n for code, n in counts.items() if code != "en"}
    if not other:
        return ""
    total = sum(other.values())
    languages = ", ".join(f"{code} {n}" for code, n in sorted(other.items(),
                                                              key=lambda kv: (-kv[1], kv[0])))
    return (f"member descriptions not in English: {total} of {sum(counts.values())} "
            f"({languages}); the model in use reads English only, so they rank low: "
            "use --model multilingual")
