"""Pure rules that say when a rating looks bent (standard library only); see docs/integrity.md."""

from integrity.rules import (
    burst_limit,
    invites_allowed,
    outside_opening_hours,
    too_soon_after_invite,
    top_share_improbable,
    top_share_z,
)
from integrity.thresholds import RULES, Thresholds

__all__ = [
    "RULES",
    "Thresholds",
    "burst_limit",
    "invites_allowed",
    "outside_opening_hours",
    "too_soon_after_invite",
    "top_share_improbable",
    "top_share_z",
]
