"""The build form's values, read from the URL as the command line reads its options.

Every page's state lives in its query string (bookmarkable, shareable, and two tabs never
share it); a bad value is an ``InputError`` naming the field, shown above the form,
which is kept as filled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from consortium.errors import InputError

if TYPE_CHECKING:
    from consortium.pipeline import Settings


def split_names(value: str) -> list[str]:
    """Comma- or line-separated names, as ``--include a,b`` takes them."""
    return [v.strip() for v in re.split(r"[,\n;]", value or "") if v.strip()]


def _int(params: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise InputError(name, f"'{value}' is not a whole number from {low} to {high}")
    return int(value)


def size_range(value: str) -> tuple[int, int] | None:
    """MIN..MAX of the form; None when left empty: the size typical of the topic's type
    of action in CORDIS, as ``consortium suggest`` takes without ``--size``."""
    if not value.strip():
        return None
    match = re.fullmatch(r"\s*(\d+)\s*(?:\.\.|-|:)\s*(\d+)\s*|\s*(\d+)\s*", value)
    if not match:
        raise InputError("size", f"'{value}' is not a size: give MIN..MAX such as 6..10, "
                         "or one number")
    low, high = ((int(match.group(3)),) * 2 if match.group(3)
                 else (int(match.group(1)), int(match.group(2))))
    if not 1 <= low <= high <= 50:
        raise InputError("size", f"'{value}': need 1 <= MIN <= MAX <= 50")
    return low, high


@dataclass(frozen=True)
class BuildForm:
    """What the Build page asks: the same choices as ``consortium suggest``."""

    pool: str = ""
    option: str = ""
    size: str = ""                  # empty: the typical size for the topic
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_per_country: str = ""
    min_countries: str = ""
    alternatives: str = "0"
    third_countries: bool = False
    no_conditions: bool = False
    members: tuple[str, ...] = field(default=())   # the Review page's consortium
    coordinator: str = ""

    @classmethod
    def read(cls, params: Mapping[str, str]) -> BuildForm:
        def names(key: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(split_names(params.get(key, ""))))

        return cls(pool=params.get("pool", ""), option=params.get("option", "").strip(),
                   size=params.get("size", "").strip(), include=names("include"),
                   exclude=names("exclude"),
                   max_per_country=params.get("max_per_country", ""),
                   min_countries=params.get("min_countries", ""),
                   alternatives=params.get("alternatives", "0") or "0",
                   third_countries=bool(params.get("third_countries")),
                   no_conditions=bool(params.get("no_conditions")),
                   members=names("members"), coordinator=params.get("coordinator", ""))

    def settings(self) -> Settings:
        from consortium.pipeline import Settings
        from consortium.search.problem import SearchConfig
        from consortium.search.rules import Rules

        size = size_range(self.size)
        rules = Rules(_int(self.params(), "max_per_country", 1, 50),
                      _int(self.params(), "min_countries", 1, 50),
                      topic_conditions=not self.no_conditions)
        config = SearchConfig(min_size=size[0], max_size=size[1]) if size else None
        return Settings(config=config,
                        third_countries=self.third_countries, rules=rules)

    def n_alternatives(self) -> int:
        return _int(self.params(), "alternatives", 0, 10) or 0

    def params(self) -> dict[str, str]:
        """The form as query parameters, empty ones left out."""
        values = {"pool": self.pool, "option": self.option, "size": self.size,
                  "include": ",".join(self.include), "exclude": ",".join(self.exclude),
                  "max_per_country": self.max_per_country,
                  "min_countries": self.min_countries, "alternatives": self.alternatives,
                  "third_countries": "1" if self.third_countries else "",
                  "no_conditions": "1" if self.no_conditions else "",
                  "members": ",".join(self.members), "coordinator": self.coordinator}
        return {k: v for k, v in values.items() if v and not (k == "alternatives" and v == "0")}

    def query(self, **changes: Any) -> str:
        """This form's query string with some fields changed (a pin or ban link)."""
        return urlencode((replace(self, **changes) if changes else self).params())

    def pin(self, partner: str) -> str:
        return self.query(include=(*self.include, partner),
                          exclude=tuple(x for x in self.exclude if x != partner))

    def ban(self, partner: str) -> str:
        return self.query(exclude=(*self.exclude, partner),
                          include=tuple(x for x in self.include if x != partner))

    def release(self, partner: str) -> str:
        return self.query(include=tuple(x for x in self.include if x != partner),
                          exclude=tuple(x for x in self.exclude if x != partner))
