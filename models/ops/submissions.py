"""Claim a form's one-time nonce inside the action's own write transaction."""

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from models.submissions import FormSubmission

#: How long a nonce is remembered. A form left open longer than this and sent twice
#: would be done twice; a day covers any double click, reload or resend (a local choice).
KEPT_FOR = timedelta(days=1)


def claim_submission(session, nonce: str, *, action: str, user_id: int | None,
                     now: datetime) -> FormSubmission | None:
    """Record that the action of ``nonce`` is being done; return None, or the earlier row.

    Call it in the action's write transaction, before its writes: the row commits or rolls
    back with them, so a refused import leaves the nonce free for a corrected try. When the
    nonce was already used the earlier submission is returned and nothing is written. Two
    requests racing with the same nonce: on SQLite the write lock orders them; on
    PostgreSQL the second insert waits on the primary key until the first commits, then
    fails and reads the committed row. Old nonces are pruned on the way.
    """
    earlier = session.get(FormSubmission, nonce)
    if earlier is None:
        row = FormSubmission(nonce=nonce, action=action, user_id=user_id, at=now, result={})
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            earlier = session.scalars(select(FormSubmission)
                                      .where(FormSubmission.nonce == nonce)
                                      .execution_options(populate_existing=True)).one()
        else:
            session.execute(delete(FormSubmission).where(FormSubmission.at < now - KEPT_FOR))
            return None
    return earlier


def record_result(session, nonce: str, result: dict) -> None:
    """Keep what the person was told, to answer a replay of the same nonce with it."""
    row = session.get(FormSubmission, nonce)
    row.result = result
    session.flush()
