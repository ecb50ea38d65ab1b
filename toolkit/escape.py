"""Model text made safe for each place it is written: a terminal or CI log, Markdown for a pull-request
comment, XML, and one-line labels of diagram languages. Model text comes from pull requests, so nothing
in it may start a GitHub workflow command, colour or clear a terminal, put a live link, image, mention or
heading into a comment, break out of a table, or make a file invalid. The one place for these rules.
"""

from __future__ import annotations

import re

# Control characters, and the bidirectional overrides that make text read otherwise than it is stored.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#!<>|~])")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ZERO_WIDTH_SPACE = "\u200b"


def control_free(text: str) -> str:
    """Control characters shown as escapes, so that text reads as one line and does nothing to a terminal.

    >>> control_free("a\\nb\\x1b[31mc")
    'a\\\\nb\\\\x1b[31mc'
    """
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def log_line(text: str) -> str:
    """A line for a terminal or a CI log: control characters escaped, and never a line that GitHub Actions
    reads as a workflow command (`::error ...`).

    >>> log_line("::error file=x::forged\\n::warning::two")
    '\\u200b::error file=x::forged\\\\n::warning::two'
    """
    line = control_free(text)
    return ZERO_WIDTH_SPACE + line if line.lstrip().startswith("::") else line


def one_line(text: str) -> str:
    """Control characters (newlines included) as spaces: for labels of Mermaid, PlantUML and DOT."""
    return _CONTROL.sub(" ", text)


def markdown_text(text: str) -> str:
    """Model text as inert Markdown: every Markdown character escaped, no newline, no @mention, no bare URL
    that GitHub would link, no HTML.

    >>> markdown_text("# [x](https://evil.example) ![i](y) @org/team a|b\\nc")
    '\\\\# \\\\[x\\\\]\\\\(https:\\u200b//evil.example\\\\) \\\\!\\\\[i\\\\]\\\\(y\\\\) @\\u200borg/team a\\\\|b c'
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))
    text = text.replace("@", "@" + ZERO_WIDTH_SPACE).replace("://", ":" + ZERO_WIDTH_SPACE + "//")
    return text.replace("www.", "www" + ZERO_WIDTH_SPACE + ".").replace("&", "&amp;")


def markdown_code(text: str) -> str:
    """Text for an inline code span in a table cell: no backtick to end the span, no pipe, no newline.

    >>> markdown_code("a`b|c\\nd")
    "`a'b\\\\|c d`"
    """
    return "`" + one_line(text).replace("`", "'").replace("|", "\\|") + "`"


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: the characters it forbids (most control characters) removed."""
    return _XML_INVALID.sub("", text)
