"""Curators' notes and interpretations as sentences a planner reads.

The seed's ``note`` and ``interpretation`` texts start with the facts they justify, written in
the seed's field names (``process_step issued and publication public: 表1-3 gives …``,
``approved_by ndrc: section-1-2-1 “…”``), and cite the report by section keys. Shown as they
are, these are field names and keys on a page; :func:`render` turns them into a sentence:
the facts as labelled values (``进展阶段：已印发；文本公开情况：公开``), then the reason, with each
section key replaced by the section's own label (``第二节 一、都市圈规划编制的战略引领``).

Any page that shows a note (the area profile, the graph browser's node detail) calls
:func:`render`; nothing here reads the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.explorer.i18n import Lang
from loaders.rdf.kinds import SOURCE_SECTIONS

# the seed's field names a note may start with, and their labels
FIELDS: dict[str, tuple[str, str]] = {
    "process_step": ("进展阶段", "Process step"),
    "publication": ("文本公开情况", "Publication"),
    "approved_by": ("批复机关", "Approved by"),
    "led_by": ("牵头单位", "Led by"),
    "based_on": ("依据", "Based on"),
    "concerns": ("涉及", "Concerns"),
    "lies_in": ("所在", "Lies in"),
    "opening_up": ("对外开放", "Opening-up"),
    "taiwan_cooperation": ("对台合作", "Cooperation with Taiwan"),
    "tier": ("层级", "Tier"),
}
# values of those fields that are vocabulary keys, and their labels
VALUES: dict[str, tuple[str, str]] = {
    "issued": ("已印发", "issued"),
    "approved": ("已批复", "approved"),
    "in_preparation": ("在编", "in preparation"),
    "in-preparation": ("在编", "in preparation"),
    "public": ("公开", "public"),
    "ndrc": ("国家发展改革委", "the NDRC"),
}
# words the seed uses after a field that are not values (``based_on both``, ``lies_in is``)
_CONNECTIVES = {"both", "is", "not", "added", "follows"}
_FACT = r"[a-z]+(?:_[a-z]+)*\s+[A-Za-z0-9:_-]+"
_HEAD = re.compile(rf"^\s*({_FACT}(?:\s+and\s+{_FACT})*)\s*:\s+")
_SECTION = re.compile(r"\b(" + "|".join(re.escape(k) for k in SOURCE_SECTIONS) + r")\b")
WHY = {"zh": "说明：", "en": "Note: "}


@dataclass(frozen=True)
class ReadableNote:
    """A note as labelled facts, the reason in the curator's words, and the sections cited."""

    facts: tuple[tuple[str, str], ...]
    reason: str
    sections: tuple[str, ...]

    def sentence(self, lang: Lang) -> str:
        """The note as one sentence: facts first, then the reason."""
        if lang == "zh":
            head = "；".join(f"{k}：{v}" if v else k for k, v in self.facts)
            return f"{head}。{WHY['zh']}{self.reason}" if head else self.reason
        head = "; ".join(f"{k}: {v}" if v else k for k, v in self.facts)
        return f"{head}. {WHY['en']}{self.reason}" if head else self.reason


def section_label(key: str, lang: Lang) -> str:
    """The report section's own label (Chinese first) for a section key, else the key."""
    zh, en = SOURCE_SECTIONS.get(key, (key, key))
    return zh if lang == "zh" else en


def parse(text: str, lang: Lang, names: Callable[[str], str | None] | None = None) -> ReadableNote:
    """Split a curator's note into labelled facts and the reason.

    ``names`` maps a key the seed uses as a value (``nanjing-metro-group``) to its name; a
    value it cannot name is left out rather than shown as a key.
    """
    facts: list[tuple[str, str]] = []
    body = text.strip()
    match = _HEAD.match(body)
    if match and all(part.split()[0] in FIELDS for part in re.split(r"\s+and\s+", match.group(1))):
        for part in re.split(r"\s+and\s+", match.group(1)):
            field, value = part.split(None, 1)
            label = FIELDS[field][0 if lang == "zh" else 1]
            facts.append((label, _value(value, lang, names)))
        body = body[match.end() :]
    sections = tuple(dict.fromkeys(_SECTION.findall(body)))
    reason = _SECTION.sub(lambda m: section_label(m.group(1), lang), body)
    return ReadableNote(tuple(facts), reason, sections)


def render(text: str, lang: Lang, names: Callable[[str], str | None] | None = None) -> str:
    """A curator's note or interpretation as a readable sentence (see the module text)."""
    return parse(text, lang, names).sentence(lang)


def _value(value: str, lang: Lang, names: Callable[[str], str | None] | None) -> str:
    if value in VALUES:
        return VALUES[value][0 if lang == "zh" else 1]
    if value in _CONNECTIVES:
        return ""
    key = value.split(":", 1)[-1]
    named = names(key) if names is not None else None
    return named or ""
