"""The fleet room's URLs. Devices at the counters: tablets, integration keys, visit invitations
and posters.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.blueprint import bp
from admin.fleet import apikeys, posters, tablets, visits

# apikeys
bp.add_url_rule("/sites/<int:site_id>/keys", view_func=apikeys.api_key_new, methods=["POST"])
bp.add_url_rule("/keys/<int:key_id>/revoke", view_func=apikeys.api_key_revoke, methods=["POST"])

# posters
bp.add_url_rule("/posters", view_func=posters.posters, methods=["GET"])
bp.add_url_rule(
    "/posters/counter/<int:counter_id>.pdf",
    view_func=posters.counter_poster_pdf,
    methods=["GET"],
)
bp.add_url_rule(
    "/posters/site/<int:site_id>.pdf",
    view_func=posters.site_posters_pdf,
    methods=["GET"],
)

# tablets
bp.add_url_rule("/tablets", view_func=tablets.tablets, methods=["GET"])
bp.add_url_rule("/tablets/pair", view_func=tablets.tablet_pair, methods=["GET", "POST"])
bp.add_url_rule("/tablets/<int:tablet_id>", view_func=tablets.tablet_detail, methods=["GET"])
bp.add_url_rule(
    "/tablets/<int:tablet_id>/rename",
    view_func=tablets.tablet_rename,
    methods=["POST"],
)
bp.add_url_rule("/tablets/<int:tablet_id>/move", view_func=tablets.tablet_move, methods=["POST"])
bp.add_url_rule(
    "/tablets/<int:tablet_id>/revoke",
    view_func=tablets.tablet_revoke,
    methods=["POST"],
)

# visits
bp.add_url_rule("/invite", view_func=visits.invite, methods=["GET", "POST"])
bp.add_url_rule("/invite/<int:visit_id>", view_func=visits.invite_visit, methods=["GET"])
bp.add_url_rule("/invite/<int:visit_id>/close", view_func=visits.close_invite, methods=["POST"])
bp.add_url_rule("/visits/<int:visit_id>/qr.svg", view_func=visits.visit_qr_svg, methods=["GET"])
bp.add_url_rule(
    "/visits/<int:visit_id>/slip.pdf",
    view_func=visits.visit_slip_pdf,
    methods=["GET"],
)
