"""The words the toolkit itself puts on pages and into drawings, in the model's language.

The model's language is the first of its metamodel's `languages`. The toolkit's own
words are written in Finnish where they are used, `ui("Selite")`, and a catalog per other language
(`toolkit/strings/<lang>.yaml`) maps each Finnish text to its translation, with the language's ways of
writing numbers and dates. A test holds every catalog to every text the package uses, so a site in
English has no Finnish word of the toolkit's; a language without a catalog is a clear error.

>>> ui = strings("en")
>>> ui("Selite"), ui("… ja {n} muuta", n=3), strings("fi")("Selite")
(Markup('Key'), Markup('… and 3 more'), Markup('Selite'))
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from refarch.errors import ConfigError

CATALOGS = Path(__file__).with_name("strings")
SOURCE_LANGUAGE = "fi"
# How Finnish writes numbers and dates; a catalog gives its language's under these keys
FORMATS = {"@thousands": "\u00a0", "@decimal": ",", "@date": "{d}.{m}.{y}", "@month": "{m}/{y}"}


@dataclass(frozen=True)
class Strings:
    """The toolkit's words in one language: call it with a Finnish text (and values for its {names})."""

    lang: str
    table: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, text: str, /, **values: object) -> Markup:
        """The text in this language, escaped, with its {names} filled in (values escaped unless Markup)."""
        translated = Markup(escape(self.table.get(text, text)))
        return translated.format(**values) if values else translated

    def say(self, text: str, /, **values: object) -> str:
        """The text in this language as plain text, its {names} filled in: for drawings, titles and
        descriptions, which their writers escape for where they go.

        >>> strings("en").say("{periods} jaksoa ja {items} tehtävää raiteittain.", periods=2, items=5)
        '2 periods and 5 tasks by track.'
        """
        translated = self.table.get(text, text)
        return translated.format(**values) if values else translated

    def format(self, key: str) -> str:
        """A way of writing numbers or dates (`@thousands`, `@decimal`, `@date`, `@month`)."""
        return self.table.get(key, FORMATS[key])

    def text(self, texts: Mapping[str, str]) -> Markup:
        """Model text given in languages, for a page in this language: this language's, else the first
        one given, marked with its language (so that a screen reader reads it as such, WCAG 3.1.2).

        >>> strings("fi").text({"en": "Not <yet>", "fi": "Ei vielä"}), strings("fi").text({"en": "Not yet"})
        (Markup('Ei vielä'), Markup('<span lang="en">Not yet</span>'))
        """
        if texts.get(self.lang):
            return Markup(escape(texts[self.lang]))
        lang, text = next(iter(texts.items()), ("", ""))
        return Markup('<span lang="{}">{}</span>').format(lang, text) if text else Markup("")

    def plain(self, texts: Mapping[str, str], fallback: str = "") -> str:
        """A label in this language as plain text (for attributes and drawings), else the first one given."""
        return texts.get(self.lang) or next(iter(texts.values()), fallback)


@functools.cache
def strings(lang: str) -> Strings:
    """The toolkit's words in `lang`; a ConfigError when the toolkit has no catalog for it."""
    if lang == SOURCE_LANGUAGE:
        return Strings(lang)
    path = CATALOGS / f"{lang}.yaml"
    if not path.is_file():
        have = sorted([SOURCE_LANGUAGE, *(p.stem for p in CATALOGS.glob("*.yaml"))])
        raise ConfigError(
            f"the toolkit has no words in \"{lang}\", the model's first language (the metamodel's `languages`); "
            f"it speaks {', '.join(have)}"
        )
    table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Strings(lang, {str(k): str(v) for k, v in table.items()})


def language_of(model) -> str:
    """The model's language: the first of its metamodel's languages, in which every element has a name."""
    return model.metamodel.languages[0]


def ui(model) -> Strings:
    """The toolkit's words in the model's language."""
    return strings(language_of(model))
