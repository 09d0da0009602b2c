"""Pieces of the administrative layout of Nghị định 30/2020/NĐ-CP (Phụ lục I), drawn in points.

The sizes below are the decree's (docs/reports.md lists them with the clause); where the decree
gives a range the smaller size is taken so that tables keep room.
"""

from itertools import combinations, pairwise

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

#: Margins in mm: top 20–25, bottom 20–25, left 30–35, right 15–20.
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}
#: Font sizes in points.
SIZES = {
    "motto": 12,  # Quốc hiệu: 12–13, upright, bold capitals
    "motto_line": 13,  # Tiêu ngữ: 13–14, upright, bold
    "body_issuer": 12,  # issuing body and its parent: 12–13, capitals
    "number": 13,  # "Số:": 13
    "date": 13,  # place and date: 13–14, italic
    "title": 14,  # kind and subject: 13–14, bold
    "body": 13,  # body text: 13–14
    "signature": 13,  # title and name of the signer: 13–14, bold
    "recipients_label": 12,  # "Nơi nhận:": 12, bold italic
    "recipients": 11,  # the recipients: 11
    "page_number": 13,  # page numbers: 13–14, centred in the top margin, not on page 1
    "table": 10,  # tables: the decree sets no size; 10 pt is the smallest this project prints
}
#: The rule under the issuing body is this share of its widest line (decree: 1/3 to 1/2).
ISSUER_RULE_SHARE = 0.4


class Rule(Flowable):
    """A centred horizontal line of a given length (the rules under the heading's names)."""

    def __init__(self, length: float, thickness: float = 0.6, space_before: float = 1.5,
                 space_after: float = 2):
        super().__init__()
        self.length, self.thickness = length, thickness
        self.space_before, self.space_after = space_before, space_after

    def wrap(self, avail_width, avail_height):
        self.avail_width = avail_width
        return avail_width, self.space_before + self.thickness + self.space_after

    def draw(self):
        y = self.space_after + self.thickness / 2
        left = (self.avail_width - self.length) / 2
        self.canv.saveState()
        self.canv.setLineWidth(self.thickness)
        self.canv.line(left, y, left + self.length, y)
        self.canv.restoreState()


class PageMark(Flowable):
    """An invisible mark recording the page it lands on (e.g. where the annex starts)."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        marks = getattr(self.canv, "page_marks", None)
        if marks is not None:
            marks.setdefault(self.name, self.canv.getPageNumber())


def balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Return text broken into the fewest lines that fit ``width``, as even as possible.

    Names in a heading read badly when one word is left alone on the second line
    ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH / CÔNG"); among the breaks that use the fewest lines this
    takes the one whose longest line is shortest. Up to 14 words are tried exhaustively;
    a longer text, or a single word wider than ``width``, is returned greedy-wrapped.
    """
    words = text.split()
    measure = lambda part: stringWidth(" ".join(part), font, size)  # noqa: E731
    if len(words) > 14 or any(measure([word]) > width for word in words):
        return _greedy(words, font, size, width)
    for count in range(1, len(words) + 1):
        best = None
        for cuts in combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            lines = [words[a:b] for a, b in pairwise(bounds)]
            widest = max(measure(line) for line in lines)
            if widest <= width and (best is None or widest < best[0]):
                best = (widest, [" ".join(line) for line in lines])
        if best is not None:
            return best[1]
    return [text]


def _greedy(words: list[str], font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def page_number_y(page_height: float) -> float:
    """Return where the page number's baseline sits: in the top margin, above the text."""
    return page_height - MARGINS["top"] * mm / 2 - SIZES["page_number"] / 3
