"""Quotation-mark scanner: pairs marks per paragraph, skips apostrophes, joins paragraphs.

Pure string code (no spaCy): the quote rules read its output, tests run it on plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass

# Which closing characters may end a quote opened by each opening character. Sloppy text
# mixes straight and curly marks, so the double family accepts either style of closer.
CLOSERS: dict[str, frozenset[str]] = {
    '"': frozenset({'"', "”", "“"}),
    "“": frozenset({"”", '"', "“"}),
    "”": frozenset({"”", '"'}),
    "„": frozenset({"“", "”", '"'}),
    "«": frozenset({"»"}),
    "»": frozenset({"«"}),
    "‹": frozenset({"›"}),
    "'": frozenset({"'", "’"}),
    "‘": frozenset({"’", "'", "‘"}),
    "‚": frozenset({"‘", "’"}),
}
DOUBLE_MARKS = frozenset('"“”„«»')
SINGLE_MARKS = frozenset("'‘’‚‹›")
ALL_MARKS = DOUBLE_MARKS | SINGLE_MARKS
# Characters that may stand right before an opening mark ("(“Yes”", "—‘no’").
OPEN_CONTEXT = frozenset("([{—–-/:;")
# Elisions written with a leading straight or curly apostrophe: never open a quote.
LEADING_ELISIONS = frozenset({"em", "til", "tis", "twas", "cause", "n", "round", "bout", "cos"})


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """A quoted stretch: ``start`` at its opening mark, ``end`` just after its closing mark.

    ``segments`` are the per-paragraph pieces (one unless the quote runs over paragraphs);
    ``closed`` is False when the paragraph ended before a closing mark; ``depth`` is 0 for
    outermost quotes and grows with nesting.
    """

    start: int
    end: int
    segments: tuple[tuple[int, int], ...]
    depth: int
    closed: bool


@dataclass(slots=True)
class _Open:
    """An opening mark waiting for its closer."""

    pos: int
    char: str
    segments: list[tuple[int, int]]
    seg_start: int


def _is_space(ch: str) -> bool:
    """True for whitespace and the virtual boundary outside the text."""
    return ch == "" or ch.isspace()


def _can_open(prev: str, nxt: str) -> bool:
    """A mark at a word start, followed by text, may open a quote."""
    return not _is_space(nxt) and (_is_space(prev) or prev in OPEN_CONTEXT or prev in ALL_MARKS)


def _can_close(prev: str, nxt: str) -> bool:
    """A mark after text, followed by a break or punctuation, may close a quote."""
    if _is_space(prev):
        return False
    return _is_space(nxt) or not nxt.isalnum() or nxt in ALL_MARKS


def _is_apostrophe(text: str, i: int) -> bool:
    """Apostrophes inside words (don't, Kirillov’s) and before digits or elisions (’90s, 'em)."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev.isalnum() and nxt.isalpha():
        return True
    if nxt.isdigit() and not prev.isalnum():
        return True
    if _is_space(prev) or prev in OPEN_CONTEXT:
        word = ""
        for ch in text[i + 1 : i + 8]:
            if not ch.isalpha():
                break
            word += ch.lower()
        return word in LEADING_ELISIONS
    return False


def _continues(opened: str, text: str, j: int) -> bool:
    """True if the mark opening the paragraph at ``j`` goes on a quote left open with
    ``opened``: the same family of marks, double or British single ‘…’ (never a straight
    single mark, too often an apostrophe)."""
    nxt = text[j]
    if opened in DOUBLE_MARKS:
        return nxt in DOUBLE_MARKS and nxt in CLOSERS
    return opened == nxt == "‘" and not _is_apostrophe(text, j)


class _Scanner:
    """One pass over the text; keeps a stack of open marks per paragraph.

    ``accepting[c]`` lists the stack indices of the open marks that ``c`` can close, innermost
    last, so finding the mark a closer closes is O(1) (a linear search of the stack made a
    paragraph of n unclosed marks cost O(n²)).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Open] = []
        self.accepting: dict[str, list[int]] = {c: [] for c in ALL_MARKS}
        self.found: list[MarkedSpan] = []

    def _push(self, item: _Open) -> None:
        """Open ``item`` innermost."""
        for closer in CLOSERS[item.char]:
            self.accepting[closer].append(len(self.stack))
        self.stack.append(item)

    def _truncate(self, k: int) -> None:
        """Drop the open marks from stack index ``k`` on."""
        del self.stack[k:]
        for indices in self.accepting.values():
            while indices and indices[-1] >= k:
                indices.pop()

    def run(self) -> list[MarkedSpan]:
        """Scan all paragraphs and return the pairs sorted by position."""
        text = self.text
        i = 0
        n = len(text)
        while i < n:
            ch = text[i]
            if ch == "\n":
                i = self._end_paragraph(i)
                continue
            if ch in ALL_MARKS:
                self._mark(i, ch)
            i += 1
        self._end_paragraph(n)
        self.found.sort(key=lambda m: (m.start, -m.end))
        return self.found

    def _compatible(self, ch: str) -> int | None:
        """Index of the innermost open mark that ``ch`` can close, if any."""
        indices = self.accepting.get(ch)
        return indices[-1] if indices else None

    def _mark(self, i: int, ch: str) -> None:
        """Decide whether the mark at ``i`` opens, closes or is neither."""
        text = self.text
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in "'’‘" and _is_apostrophe(text, i):
            return
        opener = _can_open(prev, nxt)
        closer = _can_close(prev, nxt)
        target = self._compatible(ch)
        if target is not None and (closer or not opener):
            self._close(target, i + 1)
        elif ch in CLOSERS and (opener or (not closer and ch in DOUBLE_MARKS)):
            if ch == "’" or (ch == "”" and not opener):
                return
            self._push(_Open(i, ch, [], i))

    def _close(self, k: int, end: int) -> None:
        """Close the open mark at stack index ``k``; unclosed marks inside it are dropped."""
        item = self.stack[k]
        self._truncate(k)
        segments = (*item.segments, (item.seg_start, end))
        self.found.append(MarkedSpan(item.pos, end, segments, k, True))

    def _end_paragraph(self, i: int) -> int:
        """Handle open marks at a paragraph end; returns where scanning resumes."""
        text = self.text
        j = i
        while j < len(text) and text[j].isspace():
            j += 1
        outer = self.stack[0] if self.stack else None
        self._truncate(0)
        if outer is None:
            return max(j, i + 1)
        seg_end = i
        while seg_end > 0 and text[seg_end - 1].isspace():
            seg_end -= 1
        continues = j < len(text) and _continues(outer.char, text, j)
        if continues and seg_end > outer.seg_start:
            # A quote left open at a paragraph end goes on where the next paragraph opens one.
            outer.segments.append((outer.seg_start, seg_end))
            outer.seg_start = j
            self._push(outer)
            return j + 1
        if outer.char in DOUBLE_MARKS and seg_end > outer.pos + 1:
            segments = (*outer.segments, (outer.seg_start, seg_end))
            self.found.append(MarkedSpan(outer.pos, seg_end, segments, 0, False))
        return max(j, i + 1)


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every quoted stretch in ``text`` (all depths), sorted by start; never raises."""
    return _Scanner(text).run()


def outermost(spans: list[MarkedSpan]) -> list[MarkedSpan]:
    """Only the depth-0 spans, which are the candidates for direct quotes."""
    return [s for s in spans if s.depth == 0]
