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

    A `Safe` text (what `safe_utf8` makes) is returned as it is: it was searched, faster, as bytes (a JSON report of
    the 60-file corpus is 32 MB, a quarter of a second for the expression here)."""
    if type(text) is Safe:
        return text
    if not colour or "\x1b" not in text:  # without an escape there is no colour to keep: one pass
        return _KEEP_LINES.sub(_escape, text)
    parts = _SGR.split(text)
    styles = _SGR.findall(text)
    out = [_KEEP_LINES.sub(_escape, parts[0])]
    for style, part in zip(styles, parts[1:], strict=True):
        out += [style, _KEEP_LINES.sub(_escape, part)]
    return "".join(out)


# The characters `_KEEP_LINES` escapes, as UTF-8: C0 but tab and newline, and DEL, are single bytes; C1 is
# \xc2\x80-\x9f, U+2028-202E \xe2\x80\xa8-\xae and U+2066-2069 \xe2\x81\xa6-\xa9: looked for where their lead byte is
# (a memory search from one to the next), by an expression over the rest only past _LEADS_LOOKED_AT of them.
_SINGLE = bytes([*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f])
_NOT_SINGLE = bytes(b for b in range(256) if b not in _SINGLE)
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_SEPARATORS_UTF8 = re.compile(b"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])")
_LEADS_LOOKED_AT = 4096


class Safe(str):
    """A text already made terminal-safe (`safe_utf8`): `terminal_safe` hands it back without searching it again.
    Only the exact type counts, and anything made from it (`+`, slices, `format`) is a plain `str` again, so text
    added later is never vouched for by accident."""

    __slots__ = ()


def safe_utf8(raw: bytes, *, json: bool = False) -> Safe:
    """`terminal_safe(raw.decode("utf-8"))`, searched in the bytes (a few memory scans instead of a regular
    expression over every character) and decoded once, as a `Safe` text, which `terminal_safe` given it later (the
    CLI writing it) returns without searching it again.

    `json`: `raw` is what a JSON encoder wrote, which holds no C0 control but the newlines between values (inside a
    string each is an escape, `\\u001b`): only DEL and the multi-byte ones are looked for."""
    if _unsafe(raw, json):
        return Safe(_KEEP_LINES.sub(_escape, raw.decode("utf-8")))
    return Safe(raw, "utf-8")  # decoded straight into the marked type: one pass, no copy


def safe_utf8_bytes(raw: bytes, *, json: bool = False) -> bytes:
    """`terminal_safe(raw.decode("utf-8")).encode("utf-8")`, searched as `safe_utf8` searches it: the bytes
    themselves when nothing needs escaping (what is written to a file as it is, neither decoded nor encoded)."""
    if _unsafe(raw, json):
        return _KEEP_LINES.sub(_escape, raw.decode("utf-8")).encode("utf-8")
    return raw


def _unsafe(raw: bytes, json: bool) -> bool:
    """Whether `raw` (UTF-8) holds a character `terminal_safe` escapes (`json`: as `safe_utf8` says)."""
    found = b"\x7f" in raw if json else bool(raw.translate(None, _NOT_SINGLE))
    return found or _has(raw, b"\xc2", _C1_UTF8) or _has(raw, b"\xe2", _SEPARATORS_UTF8)


def _has(raw: bytes, lead: bytes, pattern: re.Pattern[bytes]) -> bool:
    """Whether `pattern` (starting with the byte `lead`) occurs in `raw`."""
    at = raw.find(lead)
    for _ in range(_LEADS_LOOKED_AT):
        if at < 0:
            return False
        if pattern.match(raw, at):
            return True
        at = raw.find(lead, at + 1)
    return at >= 0 and pattern.search(raw, at) is not None


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
