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
  - {id: maksu, name: Etuuden maksu, order: 2, part-of: polku, involves: [kunta, kela]}
actors:
  - {id: kunta, name: Kunta, uses: ura, owns: lausunnot}
  - {id: kela, name: Kela}
flows:
  - {id: lausunto, name: Lausunto, from: kunta, to: kela, carries: lausunnot, via: rajapinta, part-of: maksu}
data-groups:
  - {id: lausunnot, name: Lausunnot}
data-stores:
  - {id: varanto, name: Varanto, stores: lausunnot}
systems:
  - {id: te-digi, name: TE-Digi}
  - {id: ura, name: URA, part-of: te-digi, stores: lausunnot}
interfaces:
  - {id: rajapinta, name: Maksajan rajapinta, part-of: te-digi}
"""


def example_model() -> Model:
    """The example model, built the way refarch builds any model.

    >>> sorted(example_model().elements)[:3]
    ['ilmoittautuminen', 'kela', 'kunta']
    """
    documents, problems = load_text(EXAMPLE, "example.yaml")
    model, more = build(documents, load_metamodel())
    assert not problems and not more, problems + more
    return model
