"""Folding a content line of vCard (RFC 6350 §3.2) and iCalendar (RFC 5545 §3.1) files: both
formats cut lines at 75 octets the same way, so both use this one function."""

from __future__ import annotations


def fold_line(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets (continuation lines start with a space, which
    counts), never inside a UTF-8 character. Most lines fit and are returned as they are;
    longer ones are cut in their encoded form, not character by character."""
    if len(line) <= limit // 4 or (len(line) <= limit and line.isascii()):
        return line
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts: list[bytes] = []
    start, allowed = 0, limit
    while len(data) - start > allowed:
        end = start + allowed
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the character starts before
            end -= 1
        parts.append(data[start:end])
        start, allowed = end, limit - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")
