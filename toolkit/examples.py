"""A small model for the docstring examples of the analyses (a law, a process with two steps, two
actors, a flow over an interface, a data group in a store, and two systems)."""

from __future__ import annotations

from refarch.build import build
from refarch.load import load_text
from refarch.metamodel import load_metamodel
from refarch.model import Model

EXAMPLE = """\
laws:
  - {id: laki, name: Laki, governs: polku}
processes:
  - {id: polku, name: Palvelupolku}
steps:
  - {id: ilmoittautuminen, name: Ilmoittautuminen, order: 1, part-of: polku, precedes: maksu, involves: kunta}
  - {id: maksu, name: Maksu, order: 2, part-of: polku, involves: [kunta, kirjasto]}
actors:
  - {id: kunta, name: Kunta, uses: tilit, owns: laskut}
  - {id: kirjasto, name: Kirjasto}
flows:
  - {id: laskutus, name: Laskutus, from: kunta, to: kirjasto, carries: laskut, via: rajapinta, part-of: maksu}
data-groups:
  - {id: laskut, name: Laskut}
data-stores:
  - {id: varanto, name: Varanto, stores: laskut}
systems:
  - {id: sovellusalusta, name: Sovellusalusta}
  - {id: tilit, name: Tilit, part-of: sovellusalusta, stores: laskut}
interfaces:
  - {id: rajapinta, name: Laskutusrajapinta, part-of: sovellusalusta}
"""


def example_model() -> Model:
    """The example model, built the way refarch builds any model.

    >>> sorted(example_model().elements)[:3]
    ['ilmoittautuminen', 'kirjasto', 'kunta']
    """
    documents, problems = load_text(EXAMPLE, "example.yaml")
    model, more = build(documents, load_metamodel())
    assert not problems and not more, problems + more
    return model
