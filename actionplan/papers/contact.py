"""The contact box's sentence: a paper type's wording with the officer's name, job title and telephone.

The wording marks where each goes with {name}, {title} and {phone}; the seeds' Cabinet report reads
"Further information on the subject of this report is available from Sue Fiennes, Director of
Children's Services on 01432 260039". A part the paper does not record is printed as missing,
never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actionplan.models.paper import CONTACT_WORDING

PLACES = {"name": "contact officer not given", "title": "job title not given",
          "phone": "telephone number not given"}
PLACE = re.compile(r"\{([^{}]*)\}")

__all__ = ["CONTACT_WORDING", "Part", "contact_parts", "wording_problem"]


@dataclass(frozen=True)
class Part:
    text: str
    missing: bool = False


def wording_problem(wording: str) -> str:
    """What is wrong with a contact wording, in words for the clerk; empty when it can be used."""
    if not wording.strip():
        return "Enter the contact box's wording"
    unknown = sorted({p for p in PLACE.findall(wording) if p not in PLACES})
    if unknown:
        return ("The contact box's wording can only use {name}, {title} and {phone}; remove "
                + ", ".join("{" + p + "}" for p in unknown))
    if "{name}" not in wording:
        return "The contact box's wording must say where the officer's name goes: write {name}"
    if wording.count("{") != wording.count("}") or len(PLACE.findall(wording)) != wording.count("{"):
        return "The contact box's wording has a { or } that does not mark {name}, {title} or {phone}"
    return ""


def contact_parts(wording: str, *, name: str, title: str, phone: str) -> list[Part]:
    """The sentence in parts, each either the wording's text, a value, or a missing value."""
    values = {"name": name.strip(), "title": title.strip(), "phone": phone.strip()}
    parts: list[Part] = []
    at = 0
    for match in PLACE.finditer(wording):
        if match.start() > at:
            parts.append(Part(wording[at:match.start()]))
        key = match.group(1)
        value = values.get(key)
        parts.append(Part(value) if value else Part(f"({PLACES.get(key, key)})", missing=True))
        at = match.end()
    if at < len(wording):
        parts.append(Part(wording[at:]))
    return parts
