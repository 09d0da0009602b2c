"""The flag rules' codes and thresholds; every number is a local choice a deployment may change."""

# The web layer fills ``Thresholds`` from the ``TRUST_*`` settings (web/integrity.py); the
# defaults below are the shipped values, documented with their reasons in docs/integrity.md.

from dataclasses import dataclass, field

#: Codes of the per-rating flag rules, in the order the review queue explains them.
RULES = (
    "staff_session",      # sent from a browser holding (or that held) a staff session
    "staff_address",      # sent from the address of the officer's own console session
    "fast_after_invite",  # sent within seconds of the officer's invite
    "invite_cap",         # the officer's invites that hour passed what the counter served
    "burst",              # more ratings at a counter than visits served in a short window
    "outside_hours",      # given (or its visit opened) outside the site's opening hours
    "same_phone",         # the same phone rated the same officer across several visits
    "code_probing",       # the dossier code was found by a client trying many codes
)

#: The rules' names as reports print them (Vietnamese, the language of the printouts).
RULE_NAMES_VI = {
    "staff_session": "gửi từ trình duyệt có phiên đăng nhập của cán bộ",
    "staff_address": "gửi từ địa chỉ mạng cán bộ vừa dùng để vào trang quản trị",
    "fast_after_invite": "gửi quá nhanh sau khi cán bộ tạo lượt mời",
    "invite_cap": "số lượt mời của cán bộ vượt số lượt phục vụ thực tế",
    "burst": "nhiều phiếu dồn dập tại quầy hơn số lượt phục vụ",
    "outside_hours": "ngoài giờ làm việc",
    "same_phone": "cùng một điện thoại đánh giá cùng cán bộ nhiều lần",
    "code_probing": "mã hồ sơ được dò từ máy thử nhiều mã",
}


@dataclass(frozen=True)
class Thresholds:
    """When each rule fires. Defaults are local choices (docs/integrity.md says why)."""

    #: A phone rating this many seconds or fewer after the officer's invite is too fast to
    #: be a citizen who scanned the QR code, read the page and chose.
    invite_min_seconds: int = 15
    #: Officer invites allowed at a counter per hour whatever else the counter served ...
    invite_base_per_hour: int = 6
    #: ... plus this many per visit the counter served otherwise in that hour (visits opened
    #: by the queue system or the tablet, tablet ratings without a visit).
    invite_per_served: float = 1.0
    #: A burst: ratings given at a counter (tablet, poster) within this window ...
    burst_window_minutes: int = 10
    #: ... beyond the visits opened at the counter in the window plus this allowance.
    burst_allowance: int = 5
    #: Grace before the site opens and after it closes.
    hours_grace_minutes: int = 15
    #: Local weekdays the sites open (0 = Monday); Saturday is in by default.
    open_weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(6)))
    #: Ratings of one officer from one phone allowed within the window; the next is flagged.
    same_phone_max: int = 2
    same_phone_days: int = 30
    #: A dossier-code rating is flagged when its client tried this many different codes ...
    probe_codes: int = 4
    #: ... within this window before it.
    probe_window_minutes: int = 60
    #: How far back a console request of the rated officer from the same address counts.
    staff_address_minutes: int = 60
    #: Officer level: flag an officer whose share of top ratings lies this many standard
    #: errors above the rest of the site's ...
    top_share_z: float = 3.0
    #: ... once the officer has at least this many counted ratings in the month.
    top_share_min_ratings: int = 30

    def __post_init__(self) -> None:
        for name in ("invite_min_seconds", "invite_base_per_hour", "burst_window_minutes",
                     "burst_allowance", "hours_grace_minutes", "same_phone_max",
                     "same_phone_days", "probe_codes", "probe_window_minutes",
                     "staff_address_minutes", "top_share_min_ratings"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number, 0 or more")
        if self.invite_per_served < 0 or self.top_share_z <= 0:
            raise ValueError("invite_per_served must be 0 or more and top_share_z above 0")
        if not self.open_weekdays <= frozenset(range(7)):
            raise ValueError("open_weekdays are numbers from 0 (Monday) to 6 (Sunday)")
