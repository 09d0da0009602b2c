"""The bare baseline of the ingestion benchmark: the same insert, without the product around it.

Served by gunicorn exactly like the real app (``gunicorn "ingestion_baseline:create_app()"``
with ``--chdir bench``), on the same database. ``POST /baseline/ratings`` takes the body a
tablet sends to ``/api/v1/kiosk/ratings`` and, for each rating, inserts the same rating row and
answer rows in one write transaction — no device check, no validation, no sign-in, cool-down,
visit or closed-month checks, no alerts. What the real endpoint costs on top of this is the
price of the product's checks.
"""

import os
import uuid
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import Counter, QuestionItem, Rating, RatingAnswer
from models.engine import begin_write, make_engine
from web.config import normalise_database_url


def create_app() -> Flask:
    """Return the baseline app on DATABASE_URL."""
    app = Flask(__name__)
    engine = make_engine(normalise_database_url(os.environ["DATABASE_URL"], "instance"))
    with Session(engine) as session:
        items = {(version, code): item for version, code, item in session.execute(
            select(QuestionItem.version_id, QuestionItem.code, QuestionItem.id))}
        sites = dict(session.execute(select(Counter.id, Counter.site_id)).all())

    @app.post("/baseline/ratings")
    def take_ratings():
        body = request.get_json()
        now = datetime.now(UTC)
        ratings, answers = [], []
        for raw in body["ratings"]:
            rating_id = uuid.UUID(raw["id"])
            counter_id, version_id = raw["counter_id"], raw["questionnaire_version_id"]
            rated_at = datetime.fromisoformat(raw["rated_at"])
            given = raw.get("answers", {})
            ratings.append({
                "id": rating_id, "source": "kiosk", "site_id": sites[counter_id],
                "counter_id": counter_id, "officer_id": raw["officer_id"],
                "questionnaire_version_id": version_id,
                "level": raw["level"], "verified": False, "rated_at": rated_at,
                "client_rated_at": rated_at, "received_at": now, "clock_corrected": False,
                "late": False, "conduct_answered": len(given),
                "conduct_yes": sum(1 for value in given.values() if value),
            })
            answers += [{"rating_id": rating_id, "item_id": items[version_id, code], "value": value}
                        for code, value in given.items()]
        with Session(engine) as session:
            begin_write(session)
            session.execute(insert(Rating), ratings)
            if answers:
                session.execute(insert(RatingAnswer), answers)
            session.commit()
        results = [{"index": i, "id": str(r["id"]), "status": "created"}
                   for i, r in enumerate(ratings)]
        return jsonify({"results": results, "server_time": now.isoformat()})

    return app
