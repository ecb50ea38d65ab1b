"""GitHub Actions workflow commands: one annotation per finding, grouped by file.

Messages and properties are escaped as GitHub's actions toolkit does (`%`, CR, LF; and `:` `,` in
properties), so a message with a colon or a newline cannot break the command.
"""

from __future__ import annotations

from itertools import groupby

from refarch.escape import control_free
from refarch.printers.summary import finding_counts
from refarch.problems import Problem, plural
from refarch.result import Result

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def render(result: Result) -> str:
    lines: list[str] = []
    for file, problems in groupby(result.problems, key=lambda p: p.location.file):
        lines.append(f"::group::{escape_data(file)}")
        lines.extend(annotation(p) for p in problems)
        lines.append("::endgroup::")
    found = finding_counts(result)
    lines.append(
        f"refarch: {plural(found['error'], 'error')}, {plural(found['warning'], 'warning')}, {found['info']} info"
    )
    return "\n".join(lines) + "\n"


def annotation(p: Problem) -> str:
    loc = p.location
    props = [f"file={escape_property(loc.file)}", f"line={loc.line}", f"col={loc.column}"]
    if loc.end_line is not None:
        props += [f"endLine={loc.end_line}", f"endColumn={loc.end_column}"]
    props.append(f"title={escape_property(p.code)}")
    message = p.message + (f"\n{p.hint}" if p.hint else "")
    message += "".join(f"\n{r.location}: {r.message}" for r in p.related)
    return f"::{LEVELS[p.severity]} {','.join(props)}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """`%`, CR and LF as the toolkit encodes them; any other control character shown escaped.

    >>> escape_data("a\\nb%\\x1b[2J")
    'a%0Ab%25\\\\x1b[2J'
    """
    text = "\n".join(control_free(part) for part in text.replace("\r\n", "\n").split("\n"))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
