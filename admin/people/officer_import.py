"""Import officers from CSV or XLSX: all or nothing, problems listed by row number."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField

from admin.common.crud import add_error
from admin.common.forms import ConsoleForm
from admin.common.once import Once, flash_all, once_field
from admin.people.auth import require_roles
from models.ops.officer_import import COLUMNS, TABLE_LIMITS, ImportRejected, import_officers
from tabular import TableError
from web.audit import audit
from web.db import write_session
from web.tables import open_upload, table_error_text

ROW_MESSAGES = {
    "no_rows": _l("The file has a header but no officers."),
    "required": _l("“%(value)s” is empty."),
    "too_long": _l("“%(value)s” is too long."),
    "duplicate_code": _l("Staff code %(value)s appears twice in the file."),
    "unknown_site": _l("No site has the code “%(value)s”."),
    "unknown_department": _l("No department has the code “%(value)s”."),
    "unknown_counter": _l("No counter has the code “%(value)s”."),
    "counter_elsewhere": _l("Counter “%(value)s” belongs to another site."),
}


class ImportForm(ConsoleForm):
    """The file to import."""

    table = FileField(_l("File (.csv or .xlsx)"))
    once = once_field()


@require_roles()
def officer_import():
    """Import officers; nothing is written unless every row is right."""
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        upload = form.table.data
        session = write_session()
        once = Once(session, form, "officer.import")
        if once.earlier:
            return once.replay(url_for("admin.officers"))
        try:
            result = import_officers(session, open_upload(upload, COLUMNS, TABLE_LIMITS))
        except TableError as exc:
            session.rollback()
            add_error(form, "table", table_error_text(exc))
        except ImportRejected as exc:
            session.rollback()
            problems = [(p.row, ROW_MESSAGES[p.code] % {"value": p.value}) for p in exc.problems]
        else:
            audit("officer.import", "officer", None, after={
                "file": upload.filename, "created": result.created, "updated": result.updated})
            location = url_for("admin.officers")
            messages = [("success", _(
                "Rows read: %(rows)d. Imported: %(created)d new officers, %(updated)d updated; "
                "no row refused.", rows=result.created + result.updated,
                created=result.created, updated=result.updated))]
            once.done({"location": location, "messages": messages})
            session.commit()
            flash_all(messages)
            return redirect(location)
    return render_template("people/officer_import.html", form=form, problems=problems)
