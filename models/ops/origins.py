"""Keep where a phone rating came from, as keyed hashes; note dossier codes typed at /s/."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert

from models.flags import HASH_LENGTH, RatingOrigin, SurveyLookup

#: How long typed dossier codes are kept (the probing rule looks back an hour at most).
LOOKUP_RETENTION = timedelta(days=1)


def keyed_hash(key: bytes, text: str) -> str:
    """Return the keyed hash (HMAC-SHA-256, first 128 bits in hex) of text.

    Keyed, so that nobody holding the database alone can test which address or code a
    hash stands for.
    """
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:HASH_LENGTH]


@dataclass(frozen=True)
class SubmissionOrigin:
    """What the web layer could tell about the browser that sent a phone rating."""

    #: The staff account the browser held a session of (or had held: the console's marker).
    staff_user_id: int | None = None
    #: Whether that session was live when the rating was sent.
    staff_session: bool = False
    #: Keyed hash of the sender's address, None on a shared network.
    address_hash: str | None = None
    #: Keyed hash of address and browser traits, None on a shared network.
    phone_hash: str | None = None


def record_origin(session, rating_id, origin: SubmissionOrigin) -> None:
    """Store a phone rating's origin beside it; flush only."""
    session.execute(insert(RatingOrigin), [{
        "rating_id": rating_id, "staff_user_id": origin.staff_user_id,
        "staff_session": origin.staff_session, "address_hash": origin.address_hash,
        "phone_hash": origin.phone_hash,
    }])


def note_lookup(session, client_hash: str | None, code_hash: str, found: bool,
                now: datetime) -> None:
    """Note one dossier code typed at /s/, and forget those older than a day; flush only.

    A client on a shared network (no hash) is not noted: its look-ups cannot be told apart.
    """
    session.execute(delete(SurveyLookup).where(SurveyLookup.at < now - LOOKUP_RETENTION))
    if client_hash is None:
        return
    session.execute(insert(SurveyLookup), [{
        "client_hash": client_hash, "code_hash": code_hash, "found": found, "at": now}])
