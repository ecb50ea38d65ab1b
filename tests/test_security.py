"""A hostile pull request, case by case (docs/security.md): each attack changes only files in the repository,
as an unvetted contributor can, and each must fail safely — no code run, nothing leaked or written outside,
no poisoned cache trusted, no forged diff, no injected output, no exhaustion, no silently wrong data, and
a clear finding instead of a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

from refarch import pipeline
from refarch.cache import cache_dir
from refarch.render.graphviz import sanitize_svg

from support import ROOT, build_site, git, refarch_process

ACTOR = "actors:\n  - id: kela\n    name: {fi: Kela, en: Kela}\n    source: test\n    provides: turva\n"
SERVICE = "services:\n  - id: turva\n    name: {fi: Turva, en: Security}\n    source: test\n"
MODEL = ACTOR + SERVICE
SECRET = "TOP-SECRET-TOKEN-0123456789abcdef"


def repository(write_model, files: dict[str, str | bytes]) -> Path:
    """A model repository as a pull request leaves it: architecture/ with the given files beside MODEL."""
    return write_model({"architecture/m.yaml": MODEL, **files})


# -- 1. code execution --------------------------------------------------------------------------------

PLANTED = """
from pathlib import Path
Path(__file__).with_name("RAN").write_text("imported")

def check(model):
    return []
"""
CUSTOM = "custom-rules:\n  - {code: planted, function: evil.py:check}\nrules: {planted: off}\n"


@pytest.mark.parametrize(
    "command",
    [("validate",), ("rules",), ("schema",), ("export", "json"), ("graph", "stats"), ("conformance",)],
)
def test_no_custom_rule_is_imported_without_the_runners_consent(command, write_model, run) -> None:
    root = repository(write_model, {"architecture/refarch.yaml": CUSTOM, "architecture/evil.py": PLANTED})
    run(*command, cwd=root)
    assert not (root / "architecture" / "RAN").exists()


def test_the_report_names_the_custom_rules_not_run_and_consent_runs_them(write_model, run, monkeypatch) -> None:
    config = "custom-rules:\n  - {code: planted, function: evil.py:check}\n"
    root = repository(write_model, {"architecture/refarch.yaml": config, "architecture/evil.py": PLANTED})
    code, out, _ = run("validate", "-q", cwd=root)
    assert code == 0 and "custom-rules-not-run 1 Python custom rule(s) not run: planted" in out
    assert not (root / "architecture" / "RAN").exists()
    run("--allow-custom-rules", "validate", cwd=root)
    assert (root / "architecture" / "RAN").read_text() == "imported"
    (root / "architecture" / "RAN").unlink()
    monkeypatch.setenv("REFARCH_ALLOW_CUSTOM_RULES", "1")
    run("validate", cwd=root)
    assert (root / "architecture" / "RAN").exists()


@pytest.mark.parametrize("function", ["../evil.py:check", "/tmp/evil.py:check", "link/evil.py:check"])
def test_a_rule_file_outside_the_repository_is_refused_even_with_consent(function, write_model, run) -> None:
    root = repository(
        write_model,
        {
            "evil.py": PLANTED,
            "architecture/refarch.yaml": f"custom-rules:\n  - {{code: planted, function: '{function}'}}\n",
        },
    )
    (root / "architecture" / "link").symlink_to(root)
    code, _, err = run("--allow-custom-rules", "validate", cwd=root)
    assert code == 2 and "outside the configuration's folder" in err
    assert not (root / "RAN").exists()


def test_a_custom_rule_that_exits_cannot_end_the_run_green(write_model) -> None:
    rule = "import sys\n\ndef check(model):\n    sys.exit(0)\n"
    root = repository(
        write_model,
        {
            "architecture/refarch.yaml": "custom-rules:\n  - {code: quit, function: q.py:check}\n",
            "architecture/q.py": rule,
        },
    )
    done = refarch_process("--allow-custom-rules", "validate", "-q", cwd=root)
    assert done.returncode == 1 and "rule-failed" in done.stdout and "SystemExit" in done.stdout
    at_import = repository(write_model, {"architecture/q.py": "raise SystemExit(0)\n"})
    done = refarch_process("--allow-custom-rules", "validate", "-q", cwd=at_import)
    assert done.returncode == 2 and "importing q.py failed: SystemExit" in done.stderr


# -- 2. leaks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_a_link_to_a_file_outside_is_refused_and_never_quoted(fmt, write_model, run, tmp_path_factory) -> None:
    secret = tmp_path_factory.mktemp("runner") / "credentials"
    secret.write_text(SECRET + "\n")
    root = repository(write_model, {})
    (root / "architecture" / "leak.yaml").symlink_to(secret)
    code, out, err = run("validate", "--format", fmt, cwd=root)
    assert code == 1 and "outside-model" in out
    assert SECRET not in out + err


def test_a_model_folder_that_links_outside_is_refused(write_model, run, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "m.yaml").write_text(MODEL.replace("Kela", SECRET))
    root = write_model({"README.md": "x"})
    (root / "architecture").symlink_to(outside)
    code, out, err = run("validate", cwd=root)
    assert code == 1 and "outside-model" in out and SECRET not in out + err
    (root / "architecture").unlink()
    (root / "architecture").mkdir()
    (root / "architecture" / "sub").symlink_to(outside)
    (root / "architecture" / "m.yaml").write_text(MODEL)
    code, out, _ = run("validate", "-q", cwd=root)
    assert code == 1 and "architecture/sub:1:1: error outside-model" in out and SECRET not in out


def test_a_message_quotes_at_most_a_short_escaped_excerpt(write_model, run) -> None:
    root = repository(write_model, {"architecture/x.yaml": f'"{SECRET * 3}\\n::error::forged"\n'})
    code, out, _ = run("validate", "-q", cwd=root)
    assert code == 1 and "not-a-mapping" in out
    assert SECRET * 2 not in out and "::error::forged" not in out


# -- 3. writes outside ---------------------------------------------------------------------------------


@pytest.mark.parametrize("config", ["rules: {invalid-id: off}\n", ""])
def test_an_id_never_becomes_a_path_outside_the_output(config, write_model, run, tmp_path) -> None:
    hostile = MODEL.replace("id: kela", "id: ../../../../escaped")
    hostile = hostile.replace(
        "    source: test\n    provides", "    waive: [{rule: invalid-id, reason: x}]\n    source: test\n    provides"
    )
    root = write_model({"architecture/m.yaml": hostile, "architecture/refarch.yaml": config})
    code, _, err = run("site", "pages", "-o", str(root / "out" / "docs"), "--no-diagrams", cwd=root)
    assert code == 2 and "is not a slug and cannot name a page" in err
    assert not list(tmp_path.rglob("escaped*")) and not list(tmp_path.parent.glob("escaped*"))


# -- 4. poisoned caches --------------------------------------------------------------------------------

SCRIPTED = '<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="pwned"</script></svg>\n'


@pytest.fixture
def fresh_cache(tmp_path_factory, monkeypatch) -> Path:
    folder = tmp_path_factory.mktemp("fresh-cache")
    monkeypatch.setenv("REFARCH_CACHE_DIR", str(folder))
    return folder


def test_a_committed_cache_is_never_read_and_every_drawing_is_sanitised(write_model, run, fresh_cache) -> None:
    root = repository(write_model, {})
    code, _, _ = run("site", "pages", "-o", str(root / "out"), cwd=root)
    assert code == 0
    for entry in cache_dir("diagrams").rglob("*.svg"):
        (root / ".refarch-cache" / "diagrams").mkdir(parents=True, exist_ok=True)
        (root / ".refarch-cache" / "diagrams" / entry.name).write_text(SCRIPTED)
        (root / "architecture" / ".refarch-cache" / "diagrams").mkdir(parents=True, exist_ok=True)
        (root / "architecture" / ".refarch-cache" / "diagrams" / entry.name).write_text(SCRIPTED)
    run("site", "pages", "-o", str(root / "again"), cwd=root)
    pages = "".join(p.read_text() for p in (root / "again").rglob("*.md"))
    assert "<svg" in pages and "<script" not in pages


def test_an_empty_or_cut_cache_entry_is_drawn_again(write_model, run, fresh_cache) -> None:
    root = repository(write_model, {})
    run("site", "pages", "-o", str(root / "out"), cwd=root)
    entries = list(cache_dir("diagrams").rglob("*.svg"))
    assert entries
    for n, entry in enumerate(entries):
        entry.write_bytes(b"" if n % 2 else entry.read_bytes()[:100])
    run("site", "pages", "-o", str(root / "again"), cwd=root)
    page = (root / "again").joinpath("arkkitehtuuri/actor/kela.md").read_text()
    assert page.count("</svg>") == page.count("<svg") == 2  # the drawing and its key, both whole
    assert all(e.read_bytes().rstrip().endswith(b"</svg>") for e in entries)


@pytest.mark.parametrize(
    "attack",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><g/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<a xlink:href=" data:text/html,&lt;script&gt;"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">'
        "<script>alert(1)</script></div></foreignObject></svg>",
        '<svg xmlns="http://www.w3.org/2000/svg"><g><script href="x.js"/></g></svg>',
        # a page's HTML parser reads an inline drawing's tag names in lower case: <SCRIPT> runs there
        '<svg xmlns="http://www.w3.org/2000/svg"><SCRIPT>alert(1)</SCRIPT><ForeignObject/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><x:script xmlns:x="urn:x">alert(1)</x:script><a OnClick="y"/></svg>',
        # the same for attribute names; and browsers drop tabs and newlines anywhere in a URL
        '<svg xmlns="http://www.w3.org/2000/svg"><a HREF="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<a xlink:HREF="JavaScript:alert(1)"/><a href="java&#9;script:alert(1)"/>'
        '<a href="d&#10;ata:text/html,x"/></svg>',
    ],
)
def test_sanitising_leaves_nothing_that_runs(attack) -> None:
    clean = re.sub(r"[\t\n\r]", "", sanitize_svg(attack).lower())
    for trace in ("script", "onload", "onclick", "javascript:", "data:", "foreignobject"):
        assert trace not in clean


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    repo = tmp_path / "reference"
    (repo / "architecture").mkdir(parents=True)
    (repo / "architecture" / "m.yaml").write_text(MODEL)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    return repo


def area(tmp_path: Path, reference: Path) -> Path:
    folder = tmp_path / "area"
    folder.mkdir()
    (folder / "refarch.yaml").write_text(f"extends:\n  git: {reference.as_uri()}\n  rev: v1\n")
    (folder / "alue.yaml").write_text("actors:\n  - id: oma\n    name: Oma\n    source: test\n    uses: turva\n")
    return folder


def test_a_committed_base_cache_cannot_replace_the_pinned_reference(tmp_path, reference) -> None:
    folder = area(tmp_path, reference)
    fake = folder / ".refarch-cache" / "bases"
    fake.mkdir(parents=True)
    for key in ("any", "0123456789abcdef"):
        (fake / key / "architecture").mkdir(parents=True)
        (fake / key / "architecture" / "m.yaml").write_text("actors:\n  - {id: kela, name: Fake, source: x}\n")
        (fake / key / ".complete").write_text("x\n")
    assert pipeline.check([folder]).model.elements["turva"].name == "Turva"


def test_a_changed_cache_entry_is_fetched_again_not_trusted(tmp_path, reference, fresh_cache) -> None:
    folder = area(tmp_path, reference)
    pipeline.check([folder])
    (entry,) = [
        p
        for p in cache_dir("bases").iterdir()
        if (p / ".complete").exists() and reference.as_uri() in (p / ".complete").read_text()
    ]
    (entry / "architecture" / "m.yaml").write_text("actors:\n  - {id: kela, name: Tampered, source: x}\n")
    model = pipeline.check([folder]).model
    assert model.elements["kela"].name == "Kela" and "turva" in model.elements


def test_two_first_fetches_at_once_both_succeed(tmp_path, reference) -> None:
    folder = area(tmp_path, reference)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "refarch", "validate", str(folder), "-q"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for process in runs:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, out + err
        assert "Traceback" not in err and "error" not in out


# -- 5. forged diff ------------------------------------------------------------------------------------


def test_a_folder_named_like_the_base_revision_cannot_stand_in_for_it(tmp_path, run) -> None:
    repo = tmp_path / "repo"
    (repo / "architecture").mkdir(parents=True)
    (repo / "architecture" / "m.yaml").write_text(MODEL)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "branch", "base/x")
    git(repo, "branch", "base_x")
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "architecture" / "m.yaml").write_text(MODEL.replace("name: {fi: Turva", "name: {fi: Muutettu"))
    shutil.copytree(repo / "architecture", repo / "main" / "architecture")  # the forged "base"
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "pr")
    code, out, _ = run("diff", "main", "HEAD", cwd=repo)
    assert "No element or relationship changed" not in out and "Muutettu" in out
    code, out, _ = run("diff", "base/x", "base_x", cwd=repo)
    assert code == 0 and "No element or relationship changed" in out
    code, out, _ = run("diff", "--folders", "main/architecture", "architecture", cwd=repo)
    assert "No element or relationship changed" in out  # told to, it compares folders


# -- 6. output injection -------------------------------------------------------------------------------

INJECTED = "Kela\n::error file=x,line=1::forged\x1b[2J"


def test_no_text_output_line_can_start_a_workflow_command(write_model, run) -> None:
    model = MODEL.replace("name: {fi: Kela, en: Kela}", "name: {fi: " + json.dumps(INJECTED) + "}")
    root = repository(write_model, {"architecture/m.yaml": model, "architecture/x.yaml": json.dumps(INJECTED) + "\n"})
    for args in (("validate",), ("graph", "impact", "turva")):
        _, out, err = run(*args, cwd=root)
        lines = (out + err).splitlines()
        assert not [line for line in lines if line.lstrip().startswith("::")], args
        assert "\x1b" not in out + err


def test_diff_markdown_keeps_model_text_inert(tmp_path, run) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    for folder in (base, head):
        (folder / "architecture").mkdir(parents=True)
        (folder / "architecture" / "m.yaml").write_text(MODEL)
    hostile = "# Hi @org/security [click](https://evil.example) ![x](https://evil.example/p.png) <b>x</b> |a|"
    changed = MODEL.replace("name: {fi: Turva, en: Security}", "name: {fi: " + json.dumps(hostile) + "}")
    changed = changed.replace(
        "    source: test\n    provides", '    properties: {"a`b\\n| x |": 1}\n    source: test\n    provides'
    )
    (head / "architecture" / "m.yaml").write_text(changed)
    _, out, _ = run("diff", "--folders", str(base / "architecture"), str(head / "architecture"), cwd=tmp_path)
    out = out.split("```mermaid")[0] + out.split("```mermaid")[-1].split("```", 1)[-1]  # a diagram is not Markdown
    for live in ("](https://", "![", "@org", "<b>", "\n# Hi", "https://evil"):
        assert live not in out, live
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert table and all(line.endswith("|") for line in table)
    assert "a'b \\| x \\|" in out  # the property key: one cell, its backtick and pipes inert


def test_exports_escape_for_their_format(write_model, run) -> None:
    name = 'Ke"la\r\n@enduml\x01 <&>'
    model = MODEL.replace("name: {fi: Kela, en: Kela}", "name: {fi: " + json.dumps(name) + "}")
    root = repository(write_model, {"architecture/m.yaml": model})
    _, plantuml, _ = run("export", "plantuml", cwd=root)
    assert "\r" not in plantuml and [line for line in plantuml.splitlines() if line.startswith("@")][-1:] == ["@enduml"]
    assert sum(line.startswith("@") for line in plantuml.splitlines()) == 2
    _, mermaid, _ = run("export", "mermaid", cwd=root)
    assert all(not line.startswith("@") for line in mermaid.splitlines()) and '"Ke"' not in mermaid
    _, graphml, _ = run("export", "graphml", cwd=root)
    etree.fromstring(graphml.encode())  # valid XML, the control character gone
    _, dot, _ = run("export", "dot", cwd=root)
    assert "\r" not in dot and "\x01" not in dot


# -- 7. exhaustion -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "config, message",
    [
        ("metamodel: /dev/zero\n", "outside the configuration's folder"),
        ("metamodel: zero.yaml\n", "not a regular file"),
        ("metamodel: link.yaml\n", "outside the configuration's folder"),
        ("max-file-size: 1000000000\n", "only the command line can raise"),
    ],
)
def test_a_repository_cannot_make_refarch_read_without_end(config, message, write_model, run) -> None:
    root = repository(write_model, {"architecture/refarch.yaml": config})
    os.mkfifo(root / "architecture" / "zero.yaml")  # a pipe inside the folder: opening it must not block
    (root / "architecture" / "link.yaml").symlink_to("/dev/zero")
    code, _, err = run("validate", cwd=root)
    assert code == 2 and message in err


def test_the_command_line_can_raise_the_file_cap(write_model, run) -> None:
    root = repository(
        write_model, {"architecture/big.yaml": "# " + "x" * 1_100_000 + "\n" + SERVICE.replace("turva", "iso")}
    )
    code, out, _ = run("validate", "-q", cwd=root)
    assert code == 1 and "file-too-large" in out
    code, out, _ = run("--max-file-size", "2000000", "validate", "-q", cwd=root)
    assert "file-too-large" not in out


def test_an_exchange_file_is_read_within_a_cap_and_same_names_import_linearly(tmp_path, run) -> None:
    body = "".join(
        f'<element identifier="e{n}" xsi:type="BusinessActor"><name>Sama</name></element>' for n in range(3000)
    )
    xml = (
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><name>M</name>'
        f"<elements>{body}</elements></model>"
    )
    (tmp_path / "m.xml").write_text(xml)
    code, _, err = run("import", "archimate", "m.xml", "-o", "small", "--max-bytes", "1000", cwd=tmp_path)
    assert code == 2 and "over 1,000 bytes" in err
    code, out, err = run("import", "archimate", "m.xml", "-o", "model", cwd=tmp_path)
    ids = [e["id"] for e in yaml.safe_load((tmp_path / "model" / "business" / "actors.yaml").read_text())["actors"]]
    # a name 3,000 elements share: each id has a hash of the element's identifier, none a number by order
    assert len(set(ids)) == 3000 and all(re.fullmatch(r"sama-[0-9a-f]{8}(-\d+)?", i) for i in ids)


# -- 8. silently wrong data ----------------------------------------------------------------------------


def test_keys_yaml_would_fold_together_are_findings(write_model, run) -> None:
    props = "    properties: {1: a, 1.0: b, 0x1: c, yes: d, true: e}\n"
    model = MODEL.replace("    source: test\n    provides", props + "    source: test\n    provides")
    root = repository(write_model, {"architecture/m.yaml": model})
    code, out, _ = run("validate", "-q", cwd=root)
    assert code == 1 and out.count("a key in properties must be a name") == 5


@pytest.mark.parametrize(
    "value, message",
    [
        (".nan", "must be a finite number"),
        ("-.inf", "must be a finite number"),
    ],
)
def test_no_nan_or_infinity_in_a_figure(value, message, write_model, run) -> None:
    figures = f"figures:\n  - id: luku\n    name: Luku\n    source: test\n    value: {value}\n"
    root = repository(write_model, {"architecture/f.yaml": figures})
    code, out, _ = run("validate", "-q", cwd=root)
    assert code == 1 and message in out
    code, out, _ = run("export", "json", cwd=root)
    json.loads(out)  # valid JSON: the value is not in the model


def test_float_sums_compare_without_rounding_noise(write_model, run) -> None:
    figures = (
        "figures:\n  - {id: kaikki, name: Kaikki, source: t, value: 0.3, sum-of: [a, b]}\n"
        "  - {id: a, name: A, source: t, value: 0.1}\n  - {id: b, name: B, source: t, value: 0.2}\n"
    )
    root = repository(
        write_model, {"architecture/f.yaml": figures, "architecture/refarch.yaml": "rules: {orphan-element: off}\n"}
    )
    _, out, _ = run("validate", "-q", cwd=root)
    assert "sum-mismatch" not in out


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-29", "2024-00"])
def test_a_date_that_does_not_exist_is_a_finding(date, write_model, run) -> None:
    laws = f"laws:\n  - id: laki\n    name: Laki\n    source: test\n    in-force: {date}\n"
    root = repository(write_model, {"architecture/l.yaml": laws})
    code, out, _ = run("validate", "-q", cwd=root)
    assert code == 1 and "must be a date that exists" in out


def test_an_id_with_a_trailing_newline_is_no_id(write_model, run) -> None:
    root = repository(write_model, {"architecture/m.yaml": MODEL.replace("id: kela", 'id: "kela\\n"')})
    code, out, _ = run("validate", "-q", cwd=root)
    assert code == 1 and "invalid-id" in out


# -- 9. faults -----------------------------------------------------------------------------------------


def test_an_unreadable_folder_is_a_finding(write_model) -> None:
    root = repository(write_model, {"architecture/kielletty/k.yaml": SERVICE.replace("turva", "k")})
    (root / "architecture" / "kielletty").chmod(0)
    as_other = []
    if os.geteuid() == 0:  # root reads any folder: run as nobody, for whom the mode holds
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot make a folder unreadable")
        as_other = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        root.chmod(0o755)
        for parent in root.parents:
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | 0o005)
    done = subprocess.run(
        [*as_other, sys.executable, "-m", "refarch", "validate", "-q"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "REFARCH_CACHE_DIR": "/nonexistent/c"},
        timeout=60,
    )
    (root / "architecture" / "kielletty").chmod(0o755)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "unreadable-folder" in done.stdout and "Traceback" not in done.stderr


def test_a_read_only_cache_only_costs_drawing_again(write_model, run, tmp_path, monkeypatch) -> None:
    root = repository(write_model, {})
    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setenv("REFARCH_CACHE_DIR", str(locked / "cache"))
    locked.chmod(0o500)
    try:
        code, _, err = run("site", "pages", "-o", str(root / "out"), cwd=root)
    finally:
        locked.chmod(0o700)
    assert code == 0 and "Traceback" not in err
    assert "</svg>" in (root / "out" / "arkkitehtuuri" / "actor" / "kela.md").read_text()


def test_a_read_only_folder_is_a_clear_error(write_model, tmp_path) -> None:
    root = repository(write_model, {})
    locked = tmp_path / "read-only"
    locked.mkdir()
    locked.chmod(0o500)
    as_other = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if os.geteuid() == 0 else []
    if as_other and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder is writable")
    for parent in [root, *root.parents][:-1]:
        parent.chmod(parent.stat().st_mode | 0o005)
    try:
        for args in (
            ["validate", str(root / "architecture"), "-q"],
            ["export", "json", "-o", str(locked / "m.json")],
            ["site", "pages", "--no-diagrams", "-o", str(locked / "out")],
        ):
            done = subprocess.run(
                [*as_other, sys.executable, "-m", "refarch", *args],
                cwd=locked if args[0] == "validate" else root,
                capture_output=True,
                text=True,
                timeout=60,
                env={**os.environ, "REFARCH_CACHE_DIR": str(locked / "cache")},
            )
            assert "Traceback" not in done.stderr, (args, done.stderr)
            if args[0] == "validate":  # a read-only working folder: validation writes nothing there
                assert done.returncode == 0, done.stdout + done.stderr
            else:
                assert done.returncode == 2 and "cannot write or read" in done.stderr, (args, done.stderr)
    finally:
        locked.chmod(0o700)


@pytest.mark.site
def test_a_missing_graphviz_under_mkdocs_is_a_clear_error(tmp_path, fresh_cache) -> None:
    project = tmp_path / "p"
    shutil.copytree(ROOT / "architecture", project / "architecture")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    env_path = os.environ["PATH"]
    os.environ["PATH"] = str(tmp_path / "nothing")
    try:
        done = build_site(project, tmp_path / "out")
    finally:
        os.environ["PATH"] = env_path
    assert done.returncode != 0
    assert "Graphviz is not installed" in done.stderr and "Traceback" not in done.stderr


def test_two_cold_builds_give_the_same_bytes(run, tmp_path, monkeypatch) -> None:
    outputs = []
    for n in (1, 2):
        monkeypatch.setenv("REFARCH_CACHE_DIR", str(tmp_path / f"cache{n}"))
        run("site", "pages", "-o", str(tmp_path / f"out{n}"), cwd=ROOT)
        outputs.append(
            {p.relative_to(tmp_path / f"out{n}"): p.read_bytes() for p in (tmp_path / f"out{n}").rglob("*.md")}
        )
    assert outputs[0] == outputs[1]
