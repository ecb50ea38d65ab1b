"""How a model value reads on a Finnish page: each field and property by its label from the metamodel
(`field-labels`), and its value formatted as a reader expects — Kyllä/Ei, lists as lists, 1 234 567 €,
0,3 %, 4.10.2022 — never an internal key or a Python value (`True`, `['a']`).

Everything returned is escaped Markup, so model text can never become HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from refarch.metamodel import Metamodel
from refarch.model import Element

UNITS = {"EUR": "€", "M€": "milj. €", "%": "%"}
NARRATIVE_FIELDS = ("narrative",)  # shown as running text of their own, not in the facts table


def label(mm: Metamodel, name: str, lang: str = "fi") -> str:
    """The reader's name for a field, property or value column; the key itself only when the metamodel has
    no label for it (a test holds the shipped model to having one for every key it uses).

    >>> from refarch.metamodel import load_metamodel
    >>> label(load_metamodel(), "mandatory")
    'Velvoittava'
    """
    return mm.field_labels.get(name, {}).get(lang) or name


def number(value: float, unit: str | None = None) -> str:
    """1234567 -> '1 234 567'; 0.35 -> '0,35'; with a unit: '1 234 567 €' (no-break spaces).

    >>> number(2324457264, "EUR"), number(0.35), number(12.5, "%")
    ('2\\xa0324\\xa0457\\xa0264\\xa0€', '0,35', '12,5\\xa0%')
    """
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", "\u00a0")
    else:
        whole, _, fraction = f"{value:,.6f}".rstrip("0").partition(".")
        text = whole.replace(",", "\u00a0") + "," + fraction
    shown = UNITS.get(unit or "", unit)
    return f"{text}\u00a0{shown}" if shown else text


def date(text: str) -> str:
    """A model date (YYYY, YYYY-MM or YYYY-MM-DD) as Finns write it.

    >>> date("2022-10-04"), date("2025-01"), date("2024")
    ('4.10.2022', '1/2025', '2024')
    """
    parts = str(text).split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}.{int(parts[1])}.{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return str(text)


def formatted(value: Any, kind: str | None = None, unit: str | None = None, mm: Metamodel | None = None) -> Markup:
    """A value as HTML for a page: `kind` is the field's type in the metamodel when known.

    >>> formatted(True), formatted(["a", "<b>"]), formatted("2022-10-04", "date")
    (Markup('Kyllä'), Markup('<ul><li>a</li><li>&lt;b&gt;</li></ul>'), Markup('4.10.2022'))
    """
    if isinstance(value, bool):
        return Markup("Kyllä" if value else "Ei")
    if isinstance(value, (int, float)):
        return Markup(escape(number(value, unit)))
    if kind == "date":
        return Markup(escape(date(value)))
    if isinstance(value, (list, tuple)):
        return Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(formatted(v)) for v in value))
    if isinstance(value, Mapping):
        if kind == "text" or set(value) <= {"fi", "sv", "en"}:
            return finnish(value)
        rows = Markup("").join(
            Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(
                label(mm, str(k)) if mm else str(k), formatted(v, unit=unit)
            )
            for k, v in value.items()
        )
        return Markup("<table><tbody>{}</tbody></table>").format(rows)
    return Markup(escape(str(value)))


def finnish(texts: Mapping[str, str]) -> Markup:
    """A text given in languages, for the Finnish page: the Finnish one, else the first one given, marked
    with its language (so that a screen reader reads it as such, WCAG 3.1.2).

    >>> finnish({"en": "Not <yet>", "fi": "Ei vielä"}), finnish({"en": "Not yet"}), finnish({})
    (Markup('Ei vielä'), Markup('<span lang="en">Not yet</span>'), Markup(''))
    """
    if texts.get("fi"):
        return Markup(escape(texts["fi"]))
    lang, text = next(iter(texts.items()), ("", ""))
    return Markup('<span lang="{}">{}</span>').format(lang, text) if text else Markup("")


def facts(element: Element, mm: Metamodel) -> list[tuple[str, Markup]]:
    """An element's fields and properties as (label, value) rows, in the metamodel's field order, then the
    properties in the model's order; a figure's numbers carry its unit."""
    kind = mm.kinds[element.kind]
    unit = element.fields.get("unit")
    rows = [
        (label(mm, name), formatted(element.fields[name], kind.fields.get(name), unit, mm))
        for name in kind.fields
        if name in element.fields and name not in NARRATIVE_FIELDS and name != "unit"
    ]
    rows += [(label(mm, name), formatted(value, mm=mm)) for name, value in element.properties.items()]
    return rows
