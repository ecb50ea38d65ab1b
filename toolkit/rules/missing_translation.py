"""An element's name has no translation into a language the model promises.

Names are in the model's language first (the metamodel's first language); the option `languages`
(default `[en]`) lists the translations every name should have. Set it in `refarch.yaml`:

```yaml
rules:
  missing-translation: {languages: [sv, en]}
```

In an area model the languages are the area's choice for its own names (`[sv]` for a bilingual area):
the reference model's names are not asked for them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from refarch.model import Model
from refarch.problems import Finding

CODE = "missing-translation"
SEVERITY = "info"
LOCAL = True  # an element's names are its own
ELEMENT = True  # an element's names, in its file
OPTIONS = {"languages": ["en"]}


def check(model: Model, options: Mapping[str, Any]) -> Iterator[Finding]:
    primary = model.metamodel.languages[0]
    languages = [lang for lang in options["languages"] if lang != primary]
    for element in model.elements.values():
        if model.is_reference(element):
            continue
        missing = [lang for lang in languages if lang not in element.names]
        if missing and primary in element.names:
            yield Finding(
                element.where("name"),
                f'name of "{element.id}" has no {", ".join(missing)} translation',
                element.id,
                f"write the name as `name: {{{primary}: ..., " + ", ".join(f"{m}: ..." for m in missing) + "}`",
            )
