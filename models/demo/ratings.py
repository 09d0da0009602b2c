"""Demo ratings: a believable mix per officer, generated in bulk from a seeded random source."""

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from models.alerts import Alert
from models.demo import names
from models.ops.visits import token_hash
from models.ratings import Rating, RatingAnswer
from models.visits import Visit

#: Rows per INSERT batch.
CHUNK = 20_000


@dataclass(frozen=True)
class Profile:
    """How an officer tends to be rated."""

    dissatisfied: float
    very: float
    conduct: float
    volume: float


def officer_profile(rng, index: int) -> Profile:
    """Draw a profile: most officers do well, a few clearly less so."""
    draw = rng.random()
    if draw < 0.85:
        dissatisfied = rng.uniform(0.01, 0.06)
    elif draw < 0.95:
        dissatisfied = rng.uniform(0.08, 0.15)
    else:
        dissatisfied = rng.uniform(0.2, 0.3)
    conduct = max(0.7, rng.uniform(0.93, 0.995) - dissatisfied)
    return Profile(dissatisfied, rng.uniform(0.5, 0.8), conduct, rng.uniform(0.5, 1.5))


def workdays(first: date, last: date) -> list[date]:
    """Return the Monday–Friday dates from first to last inclusive."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5]


#: Draws of a moment before one that is not after now is given up (see random_moment).
MOMENT_DRAWS = 50


def random_moment(rng, days, zone, now) -> datetime | None:
    """Return a time within opening hours on one of days, as UTC, before now.

    Policy: a draw that falls after now (later today) is drawn again, so no demo rating is
    ever dated when the centre is closed (a clamp to "now" would date them at night when the
    demo is seeded after midnight, and pile them up at one moment); None when no draw lands
    before now (today is the only day and it has not opened yet).
    """
    for _ in range(MOMENT_DRAWS):
        day = rng.choice(days)
        hours = rng.uniform(7.5, 11.5) if rng.random() < 0.6 else rng.uniform(13.5, 17.0)
        moment = (datetime.combine(day, time(0), tzinfo=zone) + timedelta(hours=hours)
                  ).astimezone(UTC)
        if moment < now:
            return moment
    return None


class RatingGenerator:
    """Build rating, answer and visit rows for officers over months."""

    def __init__(self, rng, questionnaire, zone: str, now: datetime, tablet_by_counter, leader_id):
        self.rng = rng
        self.leader_id = leader_id
        self.q = questionnaire
        self.zone = ZoneInfo(zone)
        self.now = now
        self.tablet_by_counter = tablet_by_counter
        self.reason_codes = [i.code for i in questionnaire.group("reason")]
        self.misconduct_codes = [i.code for i in questionnaire.group("5khong")]
        self.items = questionnaire.by_code()

    def rows_for(self, officer, counter, profile, days, count):
        """Yield (rating row, answer rows, visit row or None, alert rows) per rating."""
        for _ in range(count):
            at = random_moment(self.rng, days, self.zone, self.now)
            if at is not None:
                yield self._one(officer, counter, profile, at)

    def _one(self, officer, counter, profile, at):
        rng = self.rng
        draw = rng.random()
        level = (
            1
            if draw < profile.dissatisfied
            else (
                3 if draw < profile.dissatisfied + (1 - profile.dissatisfied) * profile.very else 2
            )
        )
        source, bound = self._source(counter)
        rating_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        row = {
            "id": rating_id,
            "source": source,
            "site_id": officer.site_id,
            "counter_id": counter.id,
            "officer_id": officer.id,
            "tablet_id": self.tablet_by_counter.get(counter.id) if source == "kiosk" else None,
            "visit_id": None,
            "verified": bound,
            "questionnaire_version_id": self.q.version_id,
            "level": level,
            "rated_at": at,
            "client_rated_at": at if source == "kiosk" else None,
            "received_at": at + timedelta(seconds=rng.randint(1, 30)),
            "clock_corrected": False,
            "late": False,
            "reason_text": None,
            "comment": None,
            "conduct_answered": 0,
            "conduct_yes": 0,
            "excluded": False,
            "excluded_reason": None,
            "excluded_by_id": None,
            "excluded_at": None,
        }
        answers, reported = self._details(row, level, profile)
        visit = self._visit(officer, counter, at) if bound else None
        return row, answers, visit, self._alerts(row, reported)

    def _source(self, counter) -> tuple[str, bool]:
        draw = self.rng.random()
        if draw < 0.70:
            return "kiosk", self.rng.random() < 0.45
        if draw < 0.85:
            return "qr_visit", True
        if draw < 0.90:
            return "dossier_code", True
        return "qr_counter", False

    def _details(self, row, level, profile) -> list[dict]:
        rng, answers = self.rng, []
        if rng.random() < (0.8 if level == 1 else 0.35):
            for item in self.q.conduct_items:
                if rng.random() < 0.92:
                    value = rng.random() < profile.conduct
                    answers.append({"rating_id": row["id"], "item_id": item.id, "value": value})
                    row["conduct_answered"] += 1
                    row["conduct_yes"] += int(value)
        chosen = set()
        if level == 1:
            chosen.update(rng.sample(self.reason_codes, rng.randint(1, 2)))
            if rng.random() < 0.3:
                row["reason_text"] = rng.choice(names.COMMENTS_BAD)
        reported = []
        if rng.random() < (0.08 if level == 1 else 0.0005):
            reported.append(rng.choice(self.misconduct_codes))
        answers += [
            {"rating_id": row["id"], "item_id": self.items[c].id, "value": True}
            for c in sorted({*chosen, *reported})
        ]
        if level >= 2 and rng.random() < 0.06:
            row["comment"] = rng.choice(names.COMMENTS_GOOD)
        return answers, reported

    def _alerts(self, row, reported) -> list[dict]:
        """Return alert rows for a dissatisfied rating and each reported behaviour."""
        kinds = [("dissatisfied", None)] if row["level"] == 1 else []
        kinds += [("misconduct", self.items[code].id) for code in reported]
        return [self._alert(row, kind, item_id) for kind, item_id in kinds]

    def _alert(self, row, kind, item_id) -> dict:
        received = row["received_at"]
        alert = {
            "kind": kind,
            "rating_id": row["id"],
            "item_id": item_id,
            "officer_id": row["officer_id"],
            "site_id": row["site_id"],
            "created_at": received,
            "status": "new",
            "status_changed_at": None,
            "handled_by_id": None,
            "note": None,
        }
        if self.now - received > timedelta(days=3):
            confirmed = self.rng.random() < (0.5 if kind == "dissatisfied" else 0.25)
            alert.update(
                status="confirmed" if confirmed else "not_confirmed",
                status_changed_at=received + timedelta(hours=self.rng.randint(2, 30)),
                handled_by_id=self.leader_id,
                note="Đã làm việc với cán bộ và người dân."
                if confirmed
                else "Đã xác minh, không có căn cứ.",
            )
        elif self.rng.random() < 0.4:
            alert.update(
                status="verifying",
                status_changed_at=received + timedelta(hours=1),
                handled_by_id=self.leader_id,
            )
        return alert

    def _visit(self, officer, counter, at) -> dict:
        opened = at - timedelta(minutes=self.rng.randint(3, 25))
        return {
            "site_id": officer.site_id,
            "counter_id": counter.id,
            "officer_id": officer.id,
            "ticket_number": f"{self.rng.randint(1, 999):03d}",
            "dossier_code": f"H{self.rng.randint(10, 99)}.{self.rng.randint(10**7, 10**8 - 1)}",
            "opened_at": opened,
            "closed_at": at,
            "opened_via": "api",
            # Already rated: its link is never shown, so only a hash of a random token.
            "token_hash": token_hash(secrets.token_urlsafe(12)),
            "token_expires_at": opened + timedelta(days=7),
            "used_at": at,
        }


def insert_chunk(session, ratings, answers, visits, alerts) -> None:
    """Insert one chunk: visits first (to learn their ids), then ratings, answers, alerts."""
    bound = [r for r in ratings if r["verified"]]
    if visits:
        ids = session.scalars(
            insert(Visit).returning(Visit.id, sort_by_parameter_order=True), visits
        ).all()
        for row, visit_id in zip(bound, ids, strict=True):
            row["visit_id"] = visit_id
    session.execute(insert(Rating.__table__), ratings)
    if answers:
        session.execute(insert(RatingAnswer.__table__), answers)
    if alerts:
        session.execute(insert(Alert.__table__), alerts)
