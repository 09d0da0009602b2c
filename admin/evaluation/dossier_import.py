"""Upload a month's dossier statistics in the console: the whole file or none of it."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.common.once import Once, flash_all
from admin.common.periods import requested_calendar_month
from admin.evaluation.forms import DossierImportForm
from admin.evaluation.labels import INPUT_ERRORS
from admin.people.auth import require_roles
from models.ops.dossier_totals import COLUMNS
from models.ops.dossiers import import_dossier_stats
from models.ops.inputs import InputError
from tabular import ImportFileError, TableError
from web.audit import audit
from web.db import write_session
from web.tables import import_problem_text, table_error_text


@require_roles("leader")
def dossier_import():
    """Upload a month's dossier statistics; the whole file is imported or none of it."""
    form = DossierImportForm()
    problems = []
    if request.method == "GET":
        form.month.data = str(requested_calendar_month())
    elif form.validate_on_submit():
        upload = form.file.data
        session = write_session()
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
    return render_template("evaluation/dossier_import.html", form=form, problems=problems,
                           columns=COLUMNS), 400 if problems else 200
