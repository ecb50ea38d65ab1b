"""refarch.yaml: severities, disabled rules, options, custom rules, a replaced metamodel, and mistakes."""

from __future__ import annotations

import pytest

MODEL = """\
actors:
  - id: kela
    name: {fi: Kela, en: Kela}
    source: test
  - id: dvv
    name: {fi: DVV, en: DVV}
    source: test
"""


def test_rule_can_be_switched_off(write_model, run) -> None:
    root = write_model({"architecture/m.yaml": MODEL, "architecture/refarch.yaml": "rules:\n  orphan-element: off\n"})
    rc, out, _ = run("validate", "--strict", cwd=root)
    assert rc == 0 and "orphan-element" not in out


def test_severity_can_be_raised(write_model, run) -> None:
    root = write_model({"architecture/m.yaml": MODEL, "architecture/refarch.yaml": "rules:\n  orphan-element: error\n"})
    rc, out, _ = run("validate", "-q", cwd=root)
    assert rc == 1 and "error orphan-element" in out


def test_build_stage_severity_can_be_lowered(write_model, run) -> None:
    model = MODEL.replace("source: test\n  - id: dvv", "source: test\n    colour: blue\n  - id: dvv")
    root = write_model(
        {
            "architecture/m.yaml": model,
            "architecture/refarch.yaml": "rules:\n  unknown-field: warning\n  orphan-element: off\n",
        }
    )
    rc, out, _ = run("validate", "-q", cwd=root)
    assert rc == 0 and "warning unknown-field" in out


def test_tolerance_option(write_model, run) -> None:
    figures = (
        "figures:\n  - {id: t, name: {fi: T, en: T}, source: s, value: 10, sum-of: [a, b]}\n"
        "  - {id: a, name: {fi: A, en: A}, source: s, value: 4.6}\n"
        "  - {id: b, name: {fi: B, en: B}, source: s, value: 5}\n"
    )
    root = write_model({"architecture/m.yaml": figures})
    assert "sum-mismatch" in run("validate", "-q", cwd=root)[1]
    (root / "architecture" / "refarch.yaml").write_text("rules:\n  sum-mismatch: {tolerance: 0.5}\n")
    assert "sum-mismatch" not in run("validate", "-q", cwd=root)[1]


def test_custom_rule_runs_and_reports_like_builtin(write_model, run) -> None:
    checks = '''
from refarch.problems import Finding

def no_abbreviations(model):
    """Actor names are written out in full."""
    for element in model.elements.values():
        if element.kind == "actor" and element.name.isupper():
            yield Finding(element.where("name"), f'"{element.name}" is an abbreviation', element.id,
                          "write the name out")
'''
    config = (
        "custom-rules:\n  - code: no-abbreviations\n    function: checks/names.py:no_abbreviations\n"
        "    severity: error\n"
    )
    root = write_model(
        {"architecture/m.yaml": MODEL, "architecture/refarch.yaml": config, "architecture/checks/names.py": checks}
    )
    rc, out, _ = run("--allow-custom-rules", "validate", "-q", cwd=root)
    assert rc == 1
    assert 'architecture/m.yaml:6:11: error no-abbreviations "DVV" is an abbreviation' in out
    rc, out, _ = run("--allow-custom-rules", "rules", "--config", "architecture/refarch.yaml", cwd=root)
    assert "no-abbreviations" in out and "Actor names are written out in full." in out


def test_custom_rule_can_be_waived(write_model, run) -> None:
    checks = (
        "from refarch.problems import Finding\n\ndef every(model):\n    for e in model.elements.values():\n"
        "        yield Finding(e.location, 'flagged ' + e.id, e.id)\n"
    )
    model = MODEL.replace(
        "source: test\n  - id: dvv", "source: test\n    waive: [{rule: flag-all, reason: accepted}]\n  - id: dvv"
    )
    root = write_model(
        {
            "architecture/m.yaml": model,
            "architecture/c.py": checks,
            "architecture/refarch.yaml": (
                "rules: {orphan-element: off}\ncustom-rules:\n  - {code: flag-all, function: c.py:every}\n"
            ),
        }
    )
    _, out, _ = run("--allow-custom-rules", "validate", "-q", cwd=root)
    assert out.count("flag-all") == 1 and "flagged dvv" in out


@pytest.mark.parametrize(
    "config, message",
    [
        ("rules:\n  orphan-elemnt: off\n", 'no such rule "orphan-elemnt"; did you mean "orphan-element"?'),
        ("rules:\n  yaml-syntax: warning\n", "cannot be configured"),
        ("rules:\n  orphan-element: loud\n", "severity must be one of"),
        ("rules:\n  sum-mismatch: {tolerence: 1}\n", 'unknown option "tolerence"'),
        ("rules:\n  sum-mismatch: {tolerance: lots}\n", "must be int"),
        ("rulez: {}\n", 'unknown key "rulez"; did you mean "rules"?'),
        ("custom-rules:\n  - {code: x, function: nothere.py:f}\n", "no file 'nothere.py'"),
        ("custom-rules:\n  - {code: x, function: c.py:missing}\n", "has no function 'missing'"),
        ("custom-rules:\n  - {code: x, function: broken.py:f}\n", "importing broken.py failed: SyntaxError"),
        ("custom-rules:\n  - {code: orphan-element, function: c.py:f}\n", "exists already"),
        ("metamodel: nothere.yaml\n", "cannot read the metamodel"),
        ("metamodel: bad-metamodel.yaml\n", "names an unknown layer"),
        ("max-file-size: -1\n", "positive whole number"),
        ("about: 1.0\n", "about must be a mapping"),
        ("about: {versio: 1}\n", 'unknown key "about.versio"; did you mean "version"?'),
        ("about: {date: 4.10.2022}\n", "is not a date; write it as YYYY-MM-DD"),
        ("about: {date: 2022-13-01}\n", "has a date that does not exist (month must be in 1..12)"),
        ("about: {version: [1]}\n", "about.version must be a short text"),
        ("about: {version: 1.10}\n", "about.version 1.1 is read as a number (YAML makes 1.10 the number 1.1)"),
        ("about: {title: [a]}\n", "about.title must be one line of text"),
        ("about: {subject: ../x}\n", "about.subject must be an element id"),
        ("about: {introduction: [a]}\n", "about.introduction must be a text, or one per language"),
        ("[unclosed\n", "not valid YAML"),
    ],
)
def test_configuration_mistakes_exit_2_with_a_message(config, message, write_model, run) -> None:
    root = write_model(
        {
            "architecture/m.yaml": MODEL,
            "architecture/refarch.yaml": config,
            "architecture/c.py": "def f(model):\n    return []\n",
            "architecture/broken.py": "def f(:\n",
            "architecture/bad-metamodel.yaml": (
                "layers: {a: {}}\nkinds: {x: {layer: b}}\nrelationships: {r: {from: [x], to: [x]}}\n"
            ),
        }
    )
    rc, out, err = run("--allow-custom-rules", "validate", cwd=root)
    assert rc == 2
    assert message in err
    assert "architecture/refarch.yaml" in err or "metamodel" in err
    assert "Traceback" not in err


def test_replaced_metamodel(write_model, run) -> None:
    metamodel = """\
layers:
  business: {label: {fi: Toiminta, en: Business}}
kinds:
  team:
    layer: business
    plural: teams
    label: {fi: Tiimi, en: Team}
    archimate: BusinessActor
relationships:
  reports-to:
    inverse: manages
    from: [team]
    to: [team]
    acyclic: true
"""
    model = (
        "teams:\n  - {id: a, name: {fi: A, en: A}, source: s, reports-to: b}\n"
        "  - {id: b, name: {fi: B, en: B}, source: s, reports-to: a}\n"
    )
    root = write_model(
        {
            "architecture/m.yaml": model,
            "architecture/refarch.yaml": "metamodel: mm.yaml\n",
            "architecture/mm.yaml": metamodel,
        }
    )
    rc, out, _ = run("validate", "-q", cwd=root)
    assert rc == 1
    assert '"reports-to" forms a cycle: a -> b -> a' in out


@pytest.mark.parametrize(
    "config, message",
    [
        ("a: &a [1, 2]\nb: [*a, *a]\n", "anchors and aliases are not allowed"),
        ("rules: !!python/object/apply:os.system ['true']\n", "is not allowed"),
        ("rules: {}\nrules: {}\n", 'duplicate key "rules"'),
    ],
)
def test_hostile_configuration_is_refused_with_its_position(config, message, write_model, run) -> None:
    root = write_model({"architecture/m.yaml": MODEL, "architecture/refarch.yaml": config})
    rc, _, err = run("validate", cwd=root)
    assert rc == 2 and message in err
    assert "architecture/refarch.yaml:" in err and "Traceback" not in err


def test_about_gives_the_model_version_and_date(write_model) -> None:
    from refarch.config import load_config

    root = write_model(
        {"architecture/m.yaml": MODEL, "architecture/refarch.yaml": "about: {version: '2.10', date: 2022-10-04}\n"}
    )
    about = load_config(root / "architecture" / "refarch.yaml").about
    assert (about.version, about.date.isoformat()) == ("2.10", "2022-10-04")
    assert (about.title, about.subject, dict(about.introduction)) == (None, None, {})


def test_about_gives_the_overviews_title_subject_and_introduction(write_model) -> None:
    from refarch.config import load_config

    settings = "about:\n  title: Kirjastot\n  subject: a\n  introduction: Johdanto.\n"
    root = write_model({"architecture/m.yaml": MODEL, "architecture/refarch.yaml": settings})
    about = load_config(root / "architecture" / "refarch.yaml").about
    assert (about.title, about.subject, dict(about.introduction)) == ("Kirjastot", "a", {"fi": "Johdanto."})
