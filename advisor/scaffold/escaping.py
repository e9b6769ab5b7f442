"""How a value goes into each kind of generated file, so no value can become code there.

Every `{{ ... }}` in the templates must pass through one of these filters; `require_escaped`,
the environment's finalizer, refuses anything else, so a template added or changed later
cannot print a raw value by mistake:

- `q`: a double-quoted Python string literal;
- `doc`: text inside a Python docstring;
- `toml`: a TOML basic string, quotes included;
- `md`: Markdown text, its markup characters backslash-escaped;
- `sh`: one shell word (a line of a command in a README);
- `plain`: a value already limited to letters, digits, `_`, `.` and `-` (names, package
  names, state codes, ZIP codes), which means the same in every one of those files.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_MARKDOWN_INLINE = frozenset("\\`*_[]<>!&#|~")
# A list item, block quote or heading, when the value begins a line.
_MARKDOWN_LINE_START = re.compile(r"\s*(?:[-+=>]|\d+[.)])")


class Escaped(str):
    """Text already escaped for the place it is printed."""


class UnescapedValue(ValueError):
    """A template printed a value without saying which kind of text it goes into."""


def _escape_for_string(text: str) -> str:
    """Backslashes, double quotes and every non-printable character (newlines, controls,
    separators) as escapes that Python strings and TOML basic strings both read back."""
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)


def python_string(value: Any) -> Escaped:
    return Escaped(f'"{_escape_for_string(str(value))}"')


def python_docstring_text(value: Any) -> Escaped:
    # The docstrings are not raw strings, so these escapes read back as the original text.
    return Escaped(_escape_for_string(str(value)))


def toml_string(value: Any) -> Escaped:
    return Escaped(f'"{_escape_for_string(str(value))}"')


def markdown_text(value: Any) -> Escaped:
    """Marks that start Markdown syntax anywhere are backslash-escaped (links, images, tags,
    emphasis, code, entities, tables), and so is one that would start a list, quote or heading
    at the beginning of a line; line breaks and other non-printable characters become spaces,
    as Markdown has no escape for them. Other text stays as written, for authors to edit."""
    out = []
    for ch in str(value):
        if ch in _MARKDOWN_INLINE:
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(" ")
    text = "".join(out)
    lead = _MARKDOWN_LINE_START.match(text)
    if lead:
        text = f"{text[:lead.end() - 1]}\\{text[lead.end() - 1:]}"
    return Escaped(text)


def shell_word(value: Any) -> Escaped:
    text = str(value)
    if not text.isprintable():
        raise UnescapedValue(f"{text!r} holds a line break or control character, which no "
                             "command line in a README may show")
    return Escaped(shlex.quote(text))


def plain(value: Any) -> Escaped:
    text = str(value)
    if not _PLAIN.fullmatch(text):
        raise UnescapedValue(f"{text!r} is not plain (letters, digits, _ . - only); "
                             "print it with q, doc, toml, md or sh")
    return Escaped(text)


FILTERS = {"q": python_string, "doc": python_docstring_text, "toml": toml_string,
           "md": markdown_text, "sh": shell_word, "plain": plain}


def require_escaped(value: Any) -> Escaped:
    if isinstance(value, Escaped):
        return value
    raise UnescapedValue(f"a scaffold template prints {value!r} without escaping it; pass it "
                         f"through one of the filters {', '.join(FILTERS)}")
