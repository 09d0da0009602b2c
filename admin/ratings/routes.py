"""The ratings room's URLs. Ratings: the review list, the flag queue, contests, an officer's
own ratings and the questionnaires citizens answer.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.blueprint import bp
from admin.ratings import flags, my_ratings, questionnaires, review

# flags
bp.add_url_rule("/flags", view_func=flags.flags, methods=["GET"])
bp.add_url_rule("/flags/<uuid:rating_id>/decide", view_func=flags.flag_decide, methods=["POST"])
bp.add_url_rule(
    "/lockout-alerts/<int:alert_id>/close",
    view_func=flags.lockout_alert_close,
    methods=["POST"],
)
bp.add_url_rule(
    "/pin-locks/<int:officer_id>/<int:tablet_id>/unlock",
    view_func=flags.pin_unlock,
    methods=["POST"],
)

# my_ratings
bp.add_url_rule("/me/ratings", view_func=my_ratings.my_ratings, methods=["GET"])
bp.add_url_rule(
    "/me/ratings/<uuid:rating_id>/contest",
    view_func=my_ratings.my_rating_contest,
    methods=["POST"],
)

# questionnaires
bp.add_url_rule("/questionnaires", view_func=questionnaires.questionnaires, methods=["GET"])
bp.add_url_rule(
    "/questionnaires/<int:version_id>",
    view_func=questionnaires.questionnaire_version,
    methods=["GET"],
)
bp.add_url_rule(
    "/questionnaires/<int:version_id>/clone",
    view_func=questionnaires.questionnaire_clone,
    methods=["POST"],
)
bp.add_url_rule(
    "/questionnaires/<int:version_id>/settings",
    view_func=questionnaires.questionnaire_settings,
    methods=["POST"],
)
bp.add_url_rule(
    "/questionnaires/items/<int:item_id>",
    view_func=questionnaires.questionnaire_item,
    methods=["POST"],
)
bp.add_url_rule(
    "/questionnaires/<int:version_id>/items",
    view_func=questionnaires.questionnaire_item_add,
    methods=["POST"],
)
bp.add_url_rule(
    "/questionnaires/items/<int:item_id>/remove",
    view_func=questionnaires.questionnaire_item_remove,
    methods=["POST"],
)
bp.add_url_rule(
    "/questionnaires/<int:version_id>/activate",
    view_func=questionnaires.questionnaire_activate,
    methods=["POST"],
)

# review
bp.add_url_rule("/ratings", view_func=review.ratings, methods=["GET"])
bp.add_url_rule("/ratings/<uuid:rating_id>", view_func=review.rating_detail, methods=["GET"])
bp.add_url_rule(
    "/ratings/<uuid:rating_id>/exclude",
    view_func=review.rating_exclude,
    methods=["POST"],
)
