"""The findings that loading and building report, documented as rules so every code has a doc."""

from __future__ import annotations

from refarch.problems import Location, Problem, Related
from refarch.rules.base import Rule

STAGE_RULES = (
    Rule(
        "yaml-syntax",
        "error",
        "The file is not valid YAML.",
        """The file could not be parsed as YAML, or
could not be read at all. The position is where the parser gave up; the usual causes are a wrong
indentation, a tab used for indentation, an unclosed quote or bracket, or nesting deeper than 200 levels.
Nothing in the file is used until it parses, and no model rule runs while a file has a syntax error
(they would only report the missing elements again).""",
        stage="load",
    ),
    Rule(
        "encoding",
        "error",
        "The file is not UTF-8 text.",
        """Model files are UTF-8. The position is the
first byte that is not valid UTF-8 (or a NUL character). Save the file as UTF-8 in your editor.""",
        stage="load",
    ),
    Rule(
        "file-too-large",
        "error",
        "The file is over the size limit.",
        """A single model file may be at
most 1 MiB; `max-file-size` in `refarch.yaml` may lower the limit, and only the command line raises it
(`refarch --max-file-size N ...`), so that a pull request cannot. Split large files: a folder per layer, a
file per topic.""",
        stage="load",
    ),
    Rule(
        "outside-model",
        "error",
        "A link leads outside the model folder.",
        """A model file, or a folder, is a symbolic link whose target lies outside the model folder. refarch
never reads it: a link could otherwise make refarch quote a file from elsewhere (a secret on a CI runner)
in its findings, or publish it on the site. Copy the file into the model folder instead.""",
        stage="load",
    ),
    Rule(
        "unreadable-folder",
        "error",
        "A folder of the model cannot be read.",
        """A folder under the model folder could not be listed (no permission, say). Its files would be
missing from the model, so this is an error rather than a folder skipped in silence.""",
        stage="load",
    ),
    Rule(
        "duplicate-key",
        "error",
        "A mapping has the same key twice.",
        """YAML parsers silently keep only one
of two equal keys, so the other value would be lost. Both places are shown.

Fails:

```yaml
actors:
  - id: city-library
    name: City library
    name: Main library
```""",
        stage="load",
    ),
    Rule(
        "unsafe-tag",
        "error",
        "A value carries a YAML tag that would construct an object.",
        """Tags such as
`!!python/object/apply:os.system` make some YAML loaders run code. refarch never constructs them, and
a model file has no use for tags: remove them.""",
        stage="load",
    ),
    Rule(
        "yaml-alias",
        "error",
        "A document uses YAML anchors and aliases.",
        """Anchors (`&a`) and aliases
(`*a`) let a short file expand into billions of values (the "billion laughs" attack). Model files do not
need them: write the value out. The document with the alias is not read.""",
        stage="load",
    ),
    Rule(
        "not-a-mapping",
        "error",
        "A document is not a mapping of sections.",
        """Every model file is a
mapping whose keys are sections named after element kinds in the plural (`actors:`, `steps:`), each a
list of elements.""",
        stage="build",
    ),
    Rule(
        "unknown-field",
        "error",
        "A section, field, language or relationship name is not in the metamodel.",
        """Names come from the metamodel. A misspelt name gets a "did you mean" hint; otherwise the hint
lists what is allowed there.

Fails:

```yaml
actors:
  - id: city-library
    name: City library
    descripton: Lends books and runs reading rooms.
```""",
        stage="build",
    ),
    Rule(
        "missing-field",
        "error",
        "A required field is missing.",
        """Every element needs `id` and `name`
(with a Finnish name); some kinds need more (a step needs `order`, a flow needs `from` and `to`).""",
        stage="build",
    ),
    Rule(
        "field-type",
        "error",
        "A field has a value of the wrong type.",
        """Each field has a type in the
metamodel: string, text (a string, or fi/sv/en), integer, number, boolean, date, values (names to
numbers) or strings (a list). Numbers are written without spaces (`2_324_457_264` is allowed).
A value YAML reads as true/false or a date where a string is expected must be quoted.""",
        stage="build",
    ),
    Rule(
        "invalid-id",
        "error",
        "An id is not a slug.",
        """Ids are stable slugs: lowercase letters a-z, digits
and single hyphens (`kaupungin-lahikirjasto`). Letters such as ä and ö are written without their
dots in ids, so that ids are easy to type and safe in file names and URLs; the hint suggests one.
The former ids an element lists under `formerly:` are ids too, and none may be the id of an element.""",
        stage="build",
    ),
    Rule(
        "renamed-reference",
        "warning",
        "An element is named by the id it had before a rename.",
        """An element that is renamed
keeps its old ids under `formerly:`, so that what still uses an old id (an area model pinned to a newer
reference, a file not yet updated) keeps working: the old id resolves to the element, and this warning,
at the place that uses it, names the id to write now. When the reference drops the old id from
`formerly:`, the old id is an unknown reference.

```yaml
systems:
  - id: catalogue
    name: Online catalogue
    formerly: [online-catalogue]
```""",
        stage="build",
    ),
    Rule(
        "waiver-without-reason",
        "error",
        "A waiver does not say why.",
        """A waiver accepts a finding on
purpose, and the reason is what a reviewer reads.

Fails:

```yaml
    waive:
      - rule: orphan-element
```

Passes:

```yaml
    waive:
      - rule: orphan-element
        reason: The source names this actor but gives it no role yet.
```""",
        stage="waivers",
    ),
    Rule(
        "unknown-waiver",
        "error",
        "A waiver names a rule that does not exist or cannot be waived.",
        """The rule of a waiver must be a code listed by `refarch rules`. Load findings (a file that
cannot be read) cannot be waived.""",
        stage="waivers",
    ),
    Rule(
        "unused-waiver",
        "warning",
        "A waiver waives nothing.",
        """The finding it was written for is gone;
remove the waiver so that it does not hide a future one.""",
        stage="waivers",
    ),
    Rule(
        "invalid-refinement",
        "error",
        "A refinement does not add to a reference element.",
        """An area model
adds properties and relationships to elements of the reference model it extends in a `refinements:`
section, without editing them. A refinement must name a reference element (not one of the area's own,
which it edits directly), may only add `properties` and relationships, and may not set a property the
reference model sets already.

Fails:

```yaml
refinements:
  - id: lending-desk
    name: Our own name        # a refinement cannot rename
```""",
        stage="build",
    ),
    Rule(
        "reference-findings",
        "info",
        "The reference model has findings of its own.",
        """An area model is
validated with the reference model it extends, but it answers only for its own files: findings located
in the reference model's files are counted in this one note at the area's `refarch.yaml`. Validate the
reference model itself to see them.""",
        stage="build",
    ),
    Rule(
        "checks-skipped",
        "info",
        "Checks that look across files were not run: a file could not be read.",
        """A file that
cannot be read (a YAML syntax error, say) leaves its elements out of the model, so every check that looks
across files (a reference to an id, an element nothing links to, a data group kept in no store, a sum of
parts, a waiver that waives nothing) would report what the missing file holds as missing. Those checks
are not run until the file reads; the checks that look at each element alone (names, translations,
provenance, ids, kinds of relationships, cycles) run on every other file. This note names the file and
the checks left out, once.""",
        stage="load",
    ),
    Rule(
        "custom-rules-not-run",
        "info",
        "Python custom rules were not run: the runner did not consent.",
        """`custom-rules:` in `refarch.yaml` names Python functions, and Python from a repository is code that
a pull request could change. refarch imports it only when whoever runs refarch says so: the option
`refarch --allow-custom-rules ...` or the environment variable `REFARCH_ALLOW_CUSTOM_RULES=1`, never a
setting in the repository. Without consent the rules are not imported and this note names them; their
waivers are not reported as unused. Declared checks (`checks:`) need no consent: they are data.""",
        stage="custom",
    ),
    Rule(
        "rule-failed",
        "error",
        "A custom rule raised an exception.",
        """A rule named in `custom-rules` of
`refarch.yaml` failed while running. The message carries the exception; fix the rule.""",
        stage="custom",
    ),
)


# What an exchange (`refarch import archimate`, `refarch export archimate`) could not carry over as it was.
EXCHANGE_RULES = (
    Rule(
        "import-skipped",
        "error",
        "A concept of an exchange file could not be imported.",
        """Something in
the ArchiMate file has no place in the model (a relationship whose end is another relationship, say). The
finding names it and its line; the rest of the file is imported, and the command exits 1.""",
        stage="exchange",
    ),
    Rule(
        "import-changed",
        "warning",
        "A concept of an exchange file was imported differently.",
        """The
concept is in the model, but not exactly as the file has it (an unnamed element named by its type, a
property that is not JSON kept as text, a second text in one language left out). The finding says how.""",
        stage="exchange",
    ),
    Rule(
        "import-note",
        "info",
        "What an import keeps elsewhere or leaves to the file.",
        """Parts of an
exchange file that refarch does not hold as model elements (views, folders, the model's documentation)
are named, with their line, so that nothing is dropped without a word.""",
        stage="exchange",
    ),
    Rule(
        "export-skipped",
        "warning",
        "An element cannot be written to the exchange file as it is.",
        """The
ArchiMate exchange format has no place for it (a flow without a sender or a receiver has no Flow
relationship; ArchiMate allows no relationship between two relationships, as between two flows; a
setting of refarch.yaml that names files or code): it is left out of the file, and the finding says so.""",
        stage="exchange",
    ),
)

SEVERITY_OF = {rule.code: rule.severity for rule in (*STAGE_RULES, *EXCHANGE_RULES)}


def stage_problem(
    code: str,
    location: Location,
    message: str,
    element: str | None = None,
    hint: str | None = None,
    related: tuple[Related, ...] = (),
) -> Problem:
    """A finding of loading, building or settling, with the severity its rule above declares (a KeyError
    for a code that is not declared: every code is documented here)."""
    return Problem(code, SEVERITY_OF[code], location, message, element, hint, related)
