"""Reading the settings sections of a rubric: quota, adjustment and annual rule."""

from __future__ import annotations

from typing import Any

from .rates import ADJUSTMENT_METHODS
from .rubric_reader import Reader
from .rubric_schema import (
    ANNUAL_RULES,
    QUOTA_BASES,
    QUOTA_GROUPS,
    Adjustment,
    AnnualRule,
    Quota,
    QuotaException,
)


def parse_quota(r: Reader, value: Any, path: str) -> Quota:
    """Read the optional top-grade quota (off unless ``enabled`` is true)."""
    obj = r.mapping(value, path) or {}
    r.keys(obj, path, set(), {"enabled", "max_share", "base", "groups", "exception"})
    default = Quota()
    enabled = r.boolean(obj, "enabled", path, default.enabled)
    share = r.number(obj, "max_share", path, default.max_share)
    if share is not None:
        r.check(0 < share <= 1, f"{path}.max_share", "out_of_range",
                f"max_share is a share: greater than 0 and at most 1; got {share:g}")
    base = obj.get("base", default.base)
    r.check(base in QUOTA_BASES, f"{path}.base", "unknown_base",
            f"unknown quota base {base!r} (known: {', '.join(QUOTA_BASES)})")
    groups = r.sequence(obj.get("groups", list(default.groups)), f"{path}.groups") or []
    for index, group in enumerate(groups):
        r.check(group in QUOTA_GROUPS and group not in groups[:index], f"{path}.groups[{index}]",
                "unknown_quota_group",
                f"a quota group is site or department, each once; got {group!r}")
    exception = (parse_quota_exception(r, obj["exception"], f"{path}.exception")
                 if "exception" in obj else None)
    return Quota(bool(enabled), share if share is not None else default.max_share,
                 base if base in QUOTA_BASES else default.base,
                 tuple(g for g in groups if g in QUOTA_GROUPS) or default.groups, exception)


def parse_quota_exception(r: Reader, value: Any, path: str) -> QuotaException | None:
    """Read the quota's exception for outstanding units: off, or on with the centre's rate.

    Policy: ``max_share`` may be left null while the exception is off (the decree's rate was
    not found; the centre fills it in from its decision); turning it on needs a share.
    """
    obj = r.mapping(value, path)
    if obj is None:
        return None
    r.keys(obj, path, {"enabled"}, {"max_share"})
    enabled = r.boolean(obj, "enabled", path, False)
    share = obj.get("max_share")
    if share is not None:
        share = r.number(obj, "max_share", path)
        if share is not None:
            r.check(0 < share <= 1, f"{path}.max_share", "out_of_range",
                    f"max_share is a share: greater than 0 and at most 1; got {share:g}")
    r.check(not enabled or share is not None, f"{path}.max_share", "exception_without_share",
            "an exception that is enabled needs its max_share (the rate of the centre's "
            "decision)")
    return QuotaException(bool(enabled), share)


def parse_adjustment(r: Reader, value: Any, path: str) -> Adjustment:
    """Read how small samples are adjusted and when an officer has too few ratings."""
    obj = r.mapping(value, path) or {}
    r.keys(obj, path, set(), {"method", "prior_weight", "min_count", "wilson_z"})
    default = Adjustment()
    method = obj.get("method", default.method)
    r.check(method in ADJUSTMENT_METHODS, f"{path}.method", "unknown_method",
            f"unknown method {method!r} (known: {', '.join(ADJUSTMENT_METHODS)})")
    weight = r.number(obj, "prior_weight", path, default.prior_weight)
    if weight is not None:
        r.check(weight >= 0, f"{path}.prior_weight", "out_of_range",
                f"prior_weight must not be negative; got {weight:g}")
    min_count = r.integer(obj, "min_count", path, default.min_count)
    if min_count is not None:
        r.check(min_count >= 0, f"{path}.min_count", "out_of_range",
                f"min_count must not be negative; got {min_count}")
    z = r.number(obj, "wilson_z", path, default.wilson_z)
    if z is not None:
        r.check(z > 0, f"{path}.wilson_z", "out_of_range", f"wilson_z must be positive; got {z:g}")
    return Adjustment(method, weight, min_count, z)


def parse_annual(r: Reader, value: Any, path: str, second_format: bool = False) -> AnnualRule:
    """Read the annual roll-up rule; ``overrides`` and ``quota`` need format 2."""
    obj = r.mapping(value, path) or {}
    extra = {"overrides", "quota"}
    r.keys(obj, path, set(), {"rule", "discipline_cap"} | (extra if second_format else set()))
    default = AnnualRule()
    rule = obj.get("rule", default.rule)
    r.check(rule in ANNUAL_RULES, f"{path}.rule", "unknown_rule",
            f"unknown annual rule {rule!r} (known: {', '.join(ANNUAL_RULES)})")
    return AnnualRule(rule, r.boolean(obj, "discipline_cap", path, default.discipline_cap),
                      r.boolean(obj, "overrides", path, default.overrides),
                      r.boolean(obj, "quota", path, default.quota))
