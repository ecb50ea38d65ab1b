"""Property tests: whatever YAML an editor can produce, refarch answers with findings, never a traceback."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refarch.build import build
from refarch.config import load_config
from refarch.load import load_text
from refarch.metamodel import load_metamodel
from refarch.validate import run_rules, settle

MM = load_metamodel()
CONFIG = load_config(None)
SECTIONS = sorted(MM.kinds_by_plural)
FIELDS = [
    "id",
    "name",
    "description",
    "source",
    "properties",
    "links",
    "waive",
    "order",
    "value",
    "values",
    "mandatory",
    "narrative",
    *MM.relationships,
    "fi",
    "to",
    "rule",
    "reason",
]
SAMPLE = """\
actors:
  - id: kela
    name: {fi: Kela, en: Kela}
    source: test
    provides: [tyottomyysturva]
services:
  - id: tyottomyysturva
    name: {fi: Työttömyysturva}
    waive: [{rule: orphan-element, reason: x}]
steps:
  - id: s
    name: S
    order: 1
    involves:
      - to: kela
        description: {fi: maksaa}
figures:
  - {id: t, name: T, values: {a: 1}, sum-of: [p]}
  - {id: p, name: P, values: {a: 2}, part-of: t}
"""


def validate_text(text: str) -> None:
    docs, problems = load_text(text, "m.yaml")
    model, more = build(docs, MM)
    problems.extend(more)
    problems.extend(run_rules(model, CONFIG))
    for p in settle(problems, model, CONFIG):
        assert p.location.line >= 1 and p.location.column >= 1 and p.message


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(SECTIONS + FIELDS),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=6), st.integers()), inner, max_size=5),
    ),
    max_leaves=25,
)
elements = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
models = st.dictionaries(
    st.one_of(st.sampled_from(SECTIONS), st.text(max_size=8)),
    st.one_of(st.lists(st.one_of(elements, values), max_size=4), values),
    max_size=4,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`,? \n\t0.~") + ["é", "\x85", "\ufeff"]), max_size=80)
)
def test_random_text_never_raises(text: str) -> None:
    validate_text(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models)
def test_random_model_shaped_data_never_raises(data) -> None:
    validate_text(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "insert", "indent", "dedent"]),
            st.integers(0, 30),
            st.text(max_size=6),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_edited_valid_file_never_raises(edits) -> None:
    lines = SAMPLE.splitlines()
    for action, at, text in edits:
        i = at % max(len(lines), 1)
        if not lines:
            lines = [text]
        elif action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            lines[i] = lines[i][: len(text)] + text + lines[i][len(text) :]
        elif action == "indent":
            lines[i] = "  " + lines[i]
        else:
            lines[i] = lines[i][2:]
    validate_text("\n".join(lines) + "\n")
