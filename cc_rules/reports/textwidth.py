"""Terminal display width: CJK characters take two columns, so plain `len` overflows 100-column terminals."""

from __future__ import annotations

import re
import unicodedata

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WIDE = r"\u2e80-\u9fff\uff00-\uffef"
_TOKENS = re.compile(rf"\x1b\[[0-9;]*m|[\[(“\"]?[{_WIDE}]\s*|[^\s{_WIDE}]+\s*|\s+")


def width(text: str) -> int:
    """Columns `text` takes on a terminal (ANSI colour codes take none)."""
    plain = _ANSI.sub("", text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in plain)


def fit(line: str, columns: int = 100, extra_indent: int = 4) -> str:
    """Wrap `line` to `columns`, breaking at spaces or between wide characters; continuations indented under it."""
    if width(line) <= columns:
        return line
    indent = " " * (len(line) - len(line.lstrip(" ")) + extra_indent)
    # an opening bracket stays with the wide character after it ("[第 4 步]" never breaks after "[")
    tokens = _TOKENS.findall(line.lstrip(" "))
    lines: list[str] = []
    current = line[: len(line) - len(line.lstrip(" "))]
    for token in tokens:
        if width(current + token.rstrip()) > columns and current.strip():
            lines.append(current.rstrip())
            current = indent + token.lstrip()
            while width(current) > columns:  # one token longer than a line: cut it
                cut = columns
                while width(current[:cut]) > columns:
                    cut -= 1
                lines.append(current[:cut])
                current = indent + current[cut:]
        else:
            current += token
    lines.append(current.rstrip())
    return "\n".join(lines)
