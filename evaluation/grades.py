"""The four official grades of a civil servant's evaluation (NĐ 90/2020, NĐ 335/2025)."""

from __future__ import annotations

from enum import Enum


class Grade(Enum):
    """Xếp loại: an official grade; members are listed best first."""

    #: Excellently completed duties.
    HOAN_THANH_XUAT_SAC = "hoan_thanh_xuat_sac"
    #: Well completed duties.
    HOAN_THANH_TOT = "hoan_thanh_tot"
    #: Completed duties.
    HOAN_THANH = "hoan_thanh"
    #: Did not complete duties.
    KHONG_HOAN_THANH = "khong_hoan_thanh"

    @property
    def order(self) -> int:
        """Return 0 for the best grade, 3 for the worst."""
        return _ORDER[self]

    @property
    def label_vi(self) -> str:
        """Return the official Vietnamese label."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """Return the English gloss."""
        return _LABELS[self][1]

    def worse_of(self, other: Grade) -> Grade:
        """Return whichever of the two grades is lower."""
        return self if self.order >= other.order else other

    def one_below(self) -> Grade:
        """Return the next lower grade (the lowest stays itself)."""
        members = list(Grade)
        return members[min(self.order + 1, len(members) - 1)]


_ORDER = {grade: index for index, grade in enumerate(Grade)}

_LABELS = {
    Grade.HOAN_THANH_XUAT_SAC: ("Hoàn thành xuất sắc nhiệm vụ", "Excellently completed duties"),
    Grade.HOAN_THANH_TOT: ("Hoàn thành tốt nhiệm vụ", "Well completed duties"),
    Grade.HOAN_THANH: ("Hoàn thành nhiệm vụ", "Completed duties"),
    Grade.KHONG_HOAN_THANH: ("Không hoàn thành nhiệm vụ", "Did not complete duties"),
}
