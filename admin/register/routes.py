"""The register room's URLs. The dossier register: imports, column mappings and the list of
dossiers.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.blueprint import bp
from admin.register import views

# views
bp.add_url_rule("/register", view_func=views.register, methods=["GET", "POST"])
bp.add_url_rule("/register/mappings", view_func=views.register_mappings, methods=["GET"])
bp.add_url_rule(
    "/register/mappings/new",
    view_func=views.register_mapping_new,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/register/mappings/<int:mapping_id>/edit",
    view_func=views.register_mapping_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/register/mappings/<int:mapping_id>/delete",
    view_func=views.register_mapping_delete,
    methods=["POST"],
)
bp.add_url_rule(
    "/ranking/officers/<int:officer_id>/dossiers",
    view_func=views.officer_dossiers,
    methods=["GET"],
)
bp.add_url_rule("/my-sheet/dossiers", view_func=views.my_dossiers, methods=["GET"])
