"""GET /api/v1/evaluations: the province's evaluation software reads the period's results."""

from flask import current_app, jsonify, request

from evaluation import PeriodError
from kiosk.api import bp
from kiosk.api.keys import integration_view
from models.queries.evaluation_export import evaluations_document
from models.queries.rubrics import NoRubricInForce, WrongPeriodKind
from web.db import get_session
from web.errors import ApiError


@bp.get("/evaluations")
@integration_view(scope="evaluations")
def evaluations_endpoint(api_key):
    """Return a month's, a quarter's or a year's evaluations (the key's site only, if any)."""
    session = get_session()
    period = request.args.get("period", "").strip()
    try:
        document = evaluations_document(
            session, period, zone=current_app.config["TIMEZONE"],
            admit=lambda o: api_key.site_id is None or o.site_id == api_key.site_id)
    except PeriodError as exc:
        raise ApiError(400, "invalid_period", str(exc)) from None
    except WrongPeriodKind as exc:
        hint = f" Ask for {exc.proper}." if exc.proper else " Ask for its months."
        raise ApiError(409, "wrong_period_kind",
                       f"The rubric in force for {exc.period} evaluates by {exc.kind}.{hint}"
                       ) from None
    except NoRubricInForce as exc:
        raise ApiError(409, "no_rubric_in_force", str(exc)) from None
    session.commit()
    response = jsonify(document)
    response.headers["Cache-Control"] = "no-store"
    return response
