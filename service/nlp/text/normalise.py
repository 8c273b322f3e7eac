"""The text the rules analyse, and the map from its offsets back to the input's.

Pure string code (no spaCy). ``normalise(text)`` returns an ``Analysed`` text in which

- invisible format characters (zero-width space and joiners, word joiner, bidi controls,
  soft hyphen, byte-order mark: Unicode category Cf) are deleted, so "said\u200b that" reads
  "said that" and "Vo\u200bss" reads "Voss";
- every other space separator (NBSP, narrow NBSP, thin and em spaces, ...) is a plain space;
- a mark storm (a long stretch of punctuation and symbols with only whitespace between them,
  which can hold no attributable speech) is blanked to spaces, except up to three marks at an
  edge glued to a word, which may close or open a quote beside it; its whitespace, newlines
  included, is kept.

Only deletions change lengths. ``Analysed.span`` maps an analysed ``[start, end)`` to the input
range from its first to its last kept character, so ``input[start:end]`` is exactly the input
text of the span (deleted characters inside it included, at its edges excluded).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Invisible format characters (Unicode 14 category Cf without the prepended concatenation
# marks U+0600-0605, U+06DD, U+070F, U+0890-0891, U+08E2, U+110BD, U+110CD, which are visible
# signs) and the space separators other than U+0020 (category Zs), as inclusive ranges. Written
# out because listing them from ``unicodedata`` costs most of a second per process; a test
# checks them against ``unicodedata``.
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
OTHER_SPACE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00A0, 0x00A0), (0x1680, 0x1680), (0x2000, 0x200A), (0x202F, 0x202F), (0x205F, 0x205F),
    (0x3000, 0x3000),
)  # fmt: skip


def _class_of(ranges: tuple[tuple[int, int], ...]) -> str:
    """A regex character class of inclusive code point ranges."""
    return "[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges) + "]"


_INVISIBLE_RUN = re.compile(_class_of(INVISIBLE_RANGES) + "+")
_OTHER_SPACE = re.compile(_class_of(OTHER_SPACE_RANGES))

# A mark: neither a letter, a digit nor whitespace (the underscore counts as a mark).
_MARK = r"(?:[^\w\s]|_)"
_MARK_STRETCH = re.compile(rf"{_MARK}(?:\s*{_MARK})*")
_MARK_CHAR = re.compile(_MARK)
# Marks in one stretch from which it is a storm. Ordinary news never comes close: the longest
# stretch in the 974 development and training articles (4.5 M characters) has 7 marks, and a
# separator line such as "* * *" or a short row of dashes stays as it is.
STORM_MARKS = 32
# Marks a storm keeps where it touches a word: enough for a closing mark after a full stop and
# an outer quote ('.’”') or an opening one after a dash.
EDGE_MARKS = 3
_LEADING_MARKS = re.compile(rf"\S{{0,{EDGE_MARKS}}}")


@dataclass(frozen=True, slots=True)
class Analysed:
    """A normalised text and where its characters came from in the input.

    ``breaks`` and ``shifts`` describe the deletions: from analysed position ``breaks[k]`` on,
    the input index of an analysed character is its own index plus ``shifts[k]``.
    """

    original: str
    text: str
    breaks: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    @property
    def identity(self) -> bool:
        """True when analysed and input offsets are the same."""
        return not self.breaks

    def position(self, i: int) -> int:
        """The input index of the analysed character at ``i`` (``len(text)``: input's end)."""
        if i >= len(self.text):
            return len(self.original)
        k = bisect_right(self.breaks, i)
        return i + (self.shifts[k - 1] if k else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The input range of the analysed range ``[start, end)``."""
        if not self.breaks:
            return start, end
        if end <= start:
            at = self.position(start)
            return at, at
        return self.position(start), self.position(end - 1) + 1


def normalise(text: str) -> Analysed:
    """The analysed form of ``text`` (see the module docstring); linear in the text."""
    analysed, breaks, shifts = _drop_invisible(text)
    analysed = _OTHER_SPACE.sub(" ", analysed)
    analysed = blank_storms(analysed)
    return Analysed(text, analysed, breaks, shifts)


def _drop_invisible(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """``text`` without invisible characters, and the breaks and shifts of the deletions."""
    kept: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    last = 0
    deleted = 0
    for match in _INVISIBLE_RUN.finditer(text):
        kept.append(text[last : match.start()])
        deleted += match.end() - match.start()
        breaks.append(match.start() - (deleted - (match.end() - match.start())))
        shifts.append(deleted)
        last = match.end()
    if not breaks:
        return text, (), ()
    kept.append(text[last:])
    return "".join(kept), tuple(breaks), tuple(shifts)


def blank_storms(text: str, min_marks: int = STORM_MARKS) -> str:
    """``text`` with the marks of every mark storm replaced by spaces (length kept).

    Where a storm is glued to a word (a full stop and marks right after "no", marks right
    before "Yes"), its marks up to the first (last) whitespace stay, at most ``EDGE_MARKS`` of
    them: they may close (open) a real quote."""
    pieces: list[str] = []
    last = 0
    for match in _MARK_STRETCH.finditer(text):
        start, end = match.span()
        if end - start < min_marks or len(_MARK_CHAR.findall(text, start, end)) < min_marks:
            continue
        if start > 0 and not text[start - 1].isspace():
            start += len(_LEADING_MARKS.match(text, start, end).group())  # type: ignore[union-attr]
        if end < len(text) and not text[end].isspace():
            end -= _trailing_marks(text, start, end)
        pieces.append(text[last:start])
        pieces.append(_MARK_CHAR.sub(" ", text[start:end]))
        last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _trailing_marks(text: str, start: int, end: int) -> int:
    """How many marks end ``text[start:end]`` with no whitespace among them, at most
    ``EDGE_MARKS``."""
    n = 0
    while n < EDGE_MARKS and end - n > start and not text[end - n - 1].isspace():
        n += 1
    return n
