"""How a model value reads on a page: each field and property by its label from the metamodel
(`field-labels`), and its value formatted as a reader of the site's language expects — on a Finnish page
Kyllä/Ei, lists as lists, 1 234 567 €, 0,3 %, 4.10.2022 — never an internal key or a Python value
(`True`, `['a']`). The words and the ways of writing numbers and dates come from refarch.strings.

Everything returned is escaped Markup, so model text can never become HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from refarch.metamodel import Metamodel
from refarch.model import Element
from refarch.strings import Strings, strings

FINNISH = strings("fi")

UNITS = {"EUR": "€", "M€": "milj. €", "%": "%"}  # in Finnish: the catalogs translate them
NARRATIVE_FIELDS = ("narrative",)  # shown as running text of their own, not in the facts table


def label(mm: Metamodel, name: str, lang: str = "fi") -> str:
    """The reader's name for a field, property or value column; the key itself only when the metamodel has
    no label for it (a test holds the shipped model to having one for every key it uses).

    >>> from refarch.metamodel import load_metamodel
    >>> label(load_metamodel(), "mandatory")
    'Velvoittava'
    """
    return mm.field_labels.get(name, {}).get(lang) or name


def number(value: float, unit: str | None = None, ui: Strings = FINNISH) -> str:
    """1234567 -> '1 234 567'; 0.35 -> '0,35'; with a unit: '1 234 567 €' (no-break spaces), as the
    language writes them.

    >>> number(2324457264, "EUR"), number(0.35), number(12.5, "%"), number(1234.5, ui=strings("en"))
    ('2\\xa0324\\xa0457\\xa0264\\xa0€', '0,35', '12,5\\xa0%', '1,234.5')
    """
    thousands, decimal = ui.format("@thousands"), ui.format("@decimal")
    if float(value).is_integer():
        text = f"{int(value):,}".replace(",", thousands)
    else:
        whole, _, fraction = f"{value:,.6f}".rstrip("0").partition(".")
        text = whole.replace(",", thousands) + decimal + fraction
    shown = ui.say(UNITS[unit]) if unit in UNITS else unit
    return f"{text}\u00a0{shown}" if shown else text


def date(text: str, ui: Strings = FINNISH) -> str:
    """A model date (YYYY, YYYY-MM or YYYY-MM-DD) as the language writes it.

    >>> date("2022-10-04"), date("2025-01"), date("2024"), date("2022-10-04", strings("en"))
    ('4.10.2022', '1/2025', '2024', '2022-10-04')
    """
    parts = str(text).split("-")
    if len(parts) == 3:
        return ui.format("@date").format(y=parts[0], m=int(parts[1]), d=int(parts[2]), mm=parts[1], dd=parts[2])
    if len(parts) == 2:
        return ui.format("@month").format(y=parts[0], m=int(parts[1]), mm=parts[1])
    return str(text)


def formatted(
    value: Any, kind: str | None = None, unit: str | None = None, mm: Metamodel | None = None, ui: Strings = FINNISH
) -> Markup:
    """A value as HTML for a page: `kind` is the field's type in the metamodel when known.

    >>> formatted(True), formatted(["a", "<b>"]), formatted("2022-10-04", "date"), formatted(False, ui=strings("en"))
    (Markup('Kyllä'), Markup('<ul><li>a</li><li>&lt;b&gt;</li></ul>'), Markup('4.10.2022'), Markup('No'))
    """
    if isinstance(value, bool):
        return ui("Kyllä") if value else ui("Ei")
    if isinstance(value, (int, float)):
        return Markup(escape(number(value, unit, ui)))
    if kind == "date":
        return Markup(escape(date(value, ui)))
    if isinstance(value, (list, tuple)):
        items = (Markup("<li>{}</li>").format(formatted(v, ui=ui)) for v in value)
        return Markup("<ul>{}</ul>").format(Markup("").join(items))
    if isinstance(value, Mapping):
        if kind == "text" or set(value) <= set(mm.languages if mm else ("fi", "sv", "en")):
            return ui.text(value)
        rows = Markup("").join(
            Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(
                label(mm, str(k), ui.lang) if mm else str(k), formatted(v, unit=unit, ui=ui)
            )
            for k, v in value.items()
        )
        return Markup("<table><tbody>{}</tbody></table>").format(rows)
    return Markup(escape(str(value)))


def facts(element: Element, mm: Metamodel, ui: Strings = FINNISH) -> list[tuple[str, Markup]]:
    """An element's fields and properties as (label, value) rows, in the metamodel's field order, then the
    properties in the model's order; a figure's numbers carry its unit."""
    kind = mm.kinds[element.kind]
    unit = element.fields.get("unit")
    rows = [
        (label(mm, name, ui.lang), formatted(element.fields[name], kind.fields.get(name), unit, mm, ui))
        for name in kind.fields
        if name in element.fields and name not in NARRATIVE_FIELDS and name != "unit"
    ]
    rows += [(label(mm, name, ui.lang), formatted(value, mm=mm, ui=ui)) for name, value in element.properties.items()]
    return rows
