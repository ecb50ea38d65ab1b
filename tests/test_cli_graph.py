"""The `refarch graph` commands: text and JSON, unknown ids, and --min-completeness."""

from __future__ import annotations

import json

import pytest

from support import CASES, ROOT


@pytest.mark.parametrize(
    "args",
    [
        ("impact", "ura"),
        ("impact", "ura", "--reverse", "--depth", "2"),
        ("path", "kela", "ura"),
        ("lineage", "asiakastiedot"),
        ("orphans",),
        ("cycles",),
        ("hubs", "--top", "3"),
        ("weak-points",),
        ("stats",),
    ],
)
def test_graph_commands_answer_in_text_and_json(args, run) -> None:
    rc, text, err = run("graph", *args, cwd=ROOT)
    assert rc == 0 and text.strip() and err == ""
    rc, out, _ = run("graph", *args, "--format", "json", cwd=ROOT)
    assert rc == 0
    json.loads(out)


def test_impact_text_explains_each_element(run) -> None:
    _, out, _ = run("graph", "impact", "ura", "--depth", "1", "--lang", "en", cwd=ROOT)
    assert out.startswith("URA (system ura) reaches 5 elements when it changes:")
    assert "  1  Kunnan työllisyyspalvelut (actor kunnan-tyollisyyspalvelut): affected\n" in out
    assert "       URA is used by Kunnan työllisyyspalvelut.\n" in out
    assert "(task ura-tea-siirtyma-ja-kayttoonottoprojekti): mentions it\n" in out


def test_paths_are_read_out_in_the_models_language_by_default(run) -> None:
    _, out, _ = run("graph", "impact", "ura", "--depth", "1", cwd=ROOT)
    assert "       URA → käyttäjät: Kunnan työllisyyspalvelut.\n" in out  # TE24 is Finnish
    _, out, _ = run("graph", "path", "kela", "ura", "--limit", "1", cwd=ROOT)
    assert "4: Kela → " in out and " is " not in out


@pytest.mark.parametrize(
    "args, message",
    [
        (("impact", "uraa"), 'no element "uraa" in the model; did you mean "ura"?'),
        (("path", "kela", "nothing-like-this"), 'no element "nothing-like-this"'),
        (("lineage", "ura"), "lineage is for data-group elements"),
        (("cycles", "--type", "usez"), "no relationship type 'usez'"),
    ],
)
def test_unknown_ids_are_usage_errors(args, message, run) -> None:
    rc, _, err = run("graph", *args, cwd=ROOT)
    assert rc == 2 and message in err


def test_graph_on_a_broken_model_warns_but_answers(run) -> None:
    rc, out, err = run("graph", "stats", cwd=CASES / "sample")
    assert rc == 0 and "the model has 2 error(s)" in err and "Elements: 3" in out


def test_min_completeness_threshold(run) -> None:
    assert run("validate", "--min-completeness", "0.5", cwd=ROOT)[0] == 0
    rc, _, err = run("validate", "--min-completeness", "0.9", cwd=ROOT)
    assert rc == 1 and "completeness of the information layer is 73%, below 90%" in err


def test_stats_json_has_completeness_per_layer(run) -> None:
    _, out, _ = run("graph", "stats", "--format", "json", cwd=ROOT)
    completeness = json.loads(out)["completeness"]
    assert completeness["business"] == {"met": 5, "total": 5, "score": 1.0}
