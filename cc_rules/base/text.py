"""Text that is safe to show: terminal control characters escaped, Markdown syntax neutralised.

A name, fact value, source or path comes from a file someone else wrote. Printed as is, `\\x1b[2J` clears the
reader's screen and an OSC sequence retitles the window or plants a hyperlink; pasted into a wiki, `[x](javascript:…)`
is a link and `![](http://tracker/…)` an image that calls home. Escapes are written `\\u001b` (valid inside a JSON
string too, and meaning the same character there).
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls (U+009B is a one-byte CSI), line/paragraph separators and the bidirectional
# overrides that reorder what is shown (U+202A-202E, U+2066-2069)
_CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROLS = re.compile(f"[{_CONTROL}]")
_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # not \t, \n
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def escape_controls(text: str) -> str:
    """Every control character as a visible `\\uXXXX`, newlines and tabs too: for one-line texts (messages)."""
    return _CONTROLS.sub(_escape, text)


def terminal_safe(text: str, *, colour: bool = False) -> str:
    """A whole output (a report, an explanation) for a terminal or a log: control characters escaped except
    newlines and tabs, and with `colour` the SGR colour sequences the reporters themselves write (`\\x1b[1m`).

    A text `safe_utf8` made is returned as it is: it was searched, faster, as bytes (a JSON report of the 60-file
    corpus is 32 MB, a quarter of a second for the expression here)."""
    if text is _vouched[0]:
        _vouched[0] = None  # not held longer than it takes to show it
        return text
    if not colour or "\x1b" not in text:  # without an escape there is no colour to keep: one pass
        return _KEEP_LINES.sub(_escape, text)
    parts = _SGR.split(text)
    styles = _SGR.findall(text)
    out = [_KEEP_LINES.sub(_escape, parts[0])]
    for style, part in zip(styles, parts[1:], strict=True):
        out += [style, _KEEP_LINES.sub(_escape, part)]
    return "".join(out)


# The characters `_KEEP_LINES` escapes, as UTF-8: C0 but tab and newline, and DEL, are single bytes (found by
# `bytes.translate` deleting every other byte, which keeps the lead bytes of the rest too); C1 is \xc2\x80-\x9f,
# U+2028-202E \xe2\x80\xa8-\xae and U+2066-2069 \xe2\x81\xa6-\xa9 (searched for only when their lead byte is there).
_SINGLE = bytes([*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f])
_LEADS = b"\xc2\xe2"
_OTHER_BYTES = bytes(b for b in range(256) if b not in _SINGLE + _LEADS)
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_SEPARATORS_UTF8 = re.compile(b"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])")
# The last text `safe_utf8` made, until `terminal_safe` is given it (one at most, held so that its id is not reused).
_vouched: list[str | None] = [None]


def safe_utf8(raw: bytes) -> str:
    """`terminal_safe(raw.decode("utf-8"))`, searched in the bytes (a few memory scans instead of a regular
    expression over every character) and decoded once; the text is remembered, so `terminal_safe` given it later
    (the CLI writing it) returns it without searching it again. For outputs that are made as UTF-8 (JSON)."""
    leads = raw.translate(None, _OTHER_BYTES)
    if leads and (leads.translate(None, _LEADS) or (b"\xc2" in leads and _C1_UTF8.search(raw))
                  or (b"\xe2" in leads and _SEPARATORS_UTF8.search(raw))):
        text = _KEEP_LINES.sub(_escape, raw.decode("utf-8"))
    else:
        text = raw.decode("utf-8")
    _vouched[0] = text
    return text


# Not allowed anywhere in XML 1.0, even as a character reference: C0 controls but tab, newline and carriage
# return, lone surrogates, U+FFFE and U+FFFF. A parser (junitparser, a CI dashboard) refuses the whole file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """A serialised XML document (JUnit, SARIF's text is JSON) safe for a parser and a terminal: every control
    character from the inputs written `\\uXXXX` as in `terminal_safe`, and so are the characters XML forbids."""
    return _NOT_XML.sub(_escape, terminal_safe(text))


# links and images need [ ], tables split on |, code spans on `; an already escaped pipe (`\|`) stays as it is
_MARKDOWN = re.compile(r"(\\\|)|([\\`\[\]|#])")


def markdown_inline(text: str) -> str:
    """A user-supplied string as literal Markdown text: the characters that start a link, an image, a heading, a
    code span or a table cell are backslash-escaped (emphasis is harmless), and a line break becomes a space
    (a value cannot begin a new block). `<`, `>` and `&` are left to HTML autoescaping (entities), which the
    Markdown reporter keeps on: a backslash before an entity would show the entity."""
    return _MARKDOWN.sub(lambda m: m.group(1) or "\\" + m.group(2), re.sub(r"[\r\n]+", " ", text))
