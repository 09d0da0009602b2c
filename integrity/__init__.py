"""Pure rules that say when a rating looks bent (standard library only); see docs/integrity.md."""

from integrity.rules import (
    burst_limit,
    invites_allowed,
    outside_opening_hours,
    too_soon_after_invite,
    top_share_improbable,
    top_share_z,
)
from integrity.thresholds import RULE_NAMES_VI, RULES, Thresholds

__all__ = [
    "RULES",
    "RULE_NAMES_VI",
    "Thresholds",
    "burst_limit",
    "invites_allowed",
    "outside_opening_hours",
    "too_soon_after_invite",
    "top_share_improbable",
    "top_share_z",
]
