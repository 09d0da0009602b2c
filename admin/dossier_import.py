"""Upload a month's dossier statistics in the console: the whole file or none of it."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.auth import require_roles
from admin.blueprint import bp
from admin.evaluation_forms import DossierImportForm
from admin.evaluation_labels import INPUT_ERRORS
from admin.evaluation_support import requested_calendar_month, start_write
from admin.once import Once, flash_all
from models.ops.dossier_totals import COLUMNS
from models.ops.dossiers import import_dossier_stats
from models.ops.inputs import InputError
from tabular import ImportFileError, TableError
from web.audit import audit
from web.tables import import_problem_text, table_error_text


@bp.route("/inputs/dossiers", methods=["GET", "POST"])
@require_roles("leader")
def dossier_import():
    """Upload a month's dossier statistics; the whole file is imported or none of it."""
    form = DossierImportForm()
    problems = []
    if request.method == "GET":
        form.month.data = str(requested_calendar_month())
    elif form.validate_on_submit():
        upload = form.file.data
        session = start_write()
        once = Once(session, form, "dossiers.import")
        if once.earlier:
            return once.replay(url_for("admin.inputs", month=form.month.data))
        try:
            summary = import_dossier_stats(session, form.month.data, upload.filename or "",
                                           upload.stream, user_id=current_user.user.id)
        except TableError as exc:
            problems = [table_error_text(exc)]
        except ImportFileError as exc:
            problems = [import_problem_text(p) for p in exc.problems]
        except InputError as exc:
            problems = [str(INPUT_ERRORS[exc.code])]
        else:
            audit("dossiers.import", "month", summary.period,
                  after={"file": upload.filename, "rows": summary.rows,
                         "replaced": summary.replaced, "import_id": summary.import_id})
            location = url_for("admin.inputs", month=summary.period)
            messages = [("success", _(
                "Rows read: %(rows)s, all accepted, none refused: %(rows)s officers' dossier "
                "figures imported for %(month)s (replacing %(replaced)s).", rows=summary.rows,
                month=summary.period, replaced=summary.replaced))]
            if summary.ignored_columns:
                messages.append(("info", _("Columns not used: %(columns)s",
                                           columns=", ".join(summary.ignored_columns))))
            once.done({"location": location, "messages": messages})
            session.commit()
            flash_all(messages)
            return redirect(location)
    return render_template("admin/evaluation/dossier_import.html", form=form, problems=problems,
                           columns=COLUMNS), 400 if problems else 200
