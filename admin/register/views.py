"""The dossier register in the console: import a file, keep column mappings, list dossiers."""

from dataclasses import asdict
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import SelectField, StringField

from admin.common.forms import ConsoleForm, required
from admin.common.nav import add_nav
from admin.common.once import Once, new_nonce, once_field
from admin.common.periods import requested_month
from admin.people.auth import require_roles
from admin.people.scope import in_scope
from admin.register.labels import (
    CHANNEL_LABELS,
    FIGURE_LABELS,
    MAPPING_ERRORS,
    field_label,
    mapping_choices,
    problem_text,
)
from models import Officer, RegisterMapping, Site
from models.ops.register import (
    RegisterRejected,
    import_register,
    open_register,
    table_records,
)
from models.ops.register_columns import FIELDS, PRESETS
from models.ops.register_mappings import (
    MappingError,
    columns_for,
    save_mapping,
    saved_mappings,
)
from models.queries.month_inputs import month_dossiers
from models.queries.register import FIGURES, dossiers_behind, recent_imports
from tabular import TableError
from web.audit import audit
from web.db import get_session, write_session
from web.dossier_key import dossier_hash_key
from web.tables import table_error_text

READERS = ("leader", "hr")
add_nav("admin.register", _l("Dossier register"), READERS, order=25)


class RegisterImportForm(ConsoleForm):
    """The register file to import, for which site, read with which column mapping."""

    site = SelectField(_l("Site"), coerce=int)
    mapping = SelectField(_l("Column mapping"))
    file = FileField(_l("File (.csv or .xlsx)"), validators=[FileRequired(
        message=_l("Please choose a file."))])
    once = once_field()


def _import_form() -> RegisterImportForm:
    session = get_session()
    form = RegisterImportForm()
    form.site.choices = [(site.id, site.name) for site in session.scalars(
        select(Site).where(Site.active).order_by(Site.name))]
    form.mapping.choices = mapping_choices(saved_mappings(session))
    return form


def local_today():
    """Return today's date where the centre is."""
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


@require_roles(*READERS)
def register():
    """Import the register (CSV or XLSX): every dossier checked, all imported or none."""
    form = _import_form()
    problems, summary, replayed = [], None, False
    if form.validate_on_submit():
        problems, summary, replayed = _run_import(form)
        if summary is not None:
            form.once.data = new_nonce()
    return render_template(
        "register/import.html", form=form, problems=problems, summary=summary,
        imports=recent_imports(get_session()), presets=PRESETS, field_label=field_label,
        max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
        replayed=replayed), 400 if problems else 200


def _run_import(form):
    """Import the uploaded file; return (problems as (row, text), summary, replayed).

    A form sent twice (a double click) is imported once: the second answer shows the
    first import's summary, kept with the form's nonce."""
    upload = form.file.data
    session = write_session()
    once = Once(session, form, "register.import")
    if once.earlier:
        session.rollback()
        if once.earlier.user_id != current_user.user.id or not once.earlier.result:
            return [("", _("This form was already sent from another account; nothing was "
                           "done."))], None, False
        return [], SimpleNamespace(**once.earlier.result), True
    try:
        table = open_register(upload.filename or "", upload.stream,
                              columns_for(session, form.mapping.data))
        summary = import_register(
            session, form.site.data, table_records(table), key=dossier_hash_key(),
            zone=current_app.config["TIMEZONE"], today=local_today(),
            filename=upload.filename or "", mapping=form.mapping.data,
            user_id=current_user.user.id, ignored=table.header.ignored,
            present=frozenset(table.header.positions))
    except TableError as exc:
        session.rollback()
        return [(exc.row or "", table_error_text(exc).split(": ", 1)[-1]
                 if exc.row else table_error_text(exc))], None, False
    except MappingError as exc:
        session.rollback()
        return [("", str(MAPPING_ERRORS[exc.code]))], None, False
    except RegisterRejected as exc:
        session.rollback()
        listed = [(p.row or "", problem_text(p)) for p in exc.problems]
        if exc.total > len(exc.problems):
            listed.append(("", _("… and %(count)s more problems.",
                                 count=exc.total - len(exc.problems))))
        return listed, None, False
    audit("register.import", "site", form.site.data, after={
        "file": upload.filename, "mapping": form.mapping.data, "rows": summary.rows,
        "created": summary.created, "updated": summary.updated,
        "unchanged": summary.unchanged, "months": summary.months,
        "import_id": summary.import_id})
    once.done(asdict(summary))
    session.commit()
    return [], summary, False


def _mapping_form(values: dict | None = None):
    """Return a form with the mapping's name and one text field per register field."""

    class MappingForm(ConsoleForm):
        name = StringField(_l("Name of the source (e.g. the software's name)"),
                           validators=[required()])

    for field in FIELDS:
        setattr(MappingForm, field.name, StringField(field_label(field.name)))
    form = MappingForm(data=values) if values is not None else MappingForm()
    return form


def _form_values(name: str, columns: dict) -> dict:
    return {"name": name, **{f.name: " | ".join(columns.get(f.name, [])) for f in FIELDS}}


def _columns_of(form) -> dict:
    return {f.name: [h.strip() for h in (form[f.name].data or "").split("|") if h.strip()]
            for f in FIELDS}


@require_roles(*READERS)
def register_mappings():
    """List the built-in layouts and the saved column mappings."""
    return render_template("register/mappings.html", presets=PRESETS,
                           saved=saved_mappings(get_session()), fields=FIELDS,
                           field_label=field_label)


@require_roles(*READERS)
def register_mapping_new():
    """Create a column mapping, starting from a built-in layout."""
    start = PRESETS.get(request.args.get("from", ""), ("", {}))[1]
    form = _mapping_form(_form_values("", start) if request.method == "GET" else None)
    return _save_mapping_form(form, RegisterMapping(), "register_mapping.create")


@require_roles(*READERS)
def register_mapping_edit(mapping_id: int):
    """Change a saved column mapping."""
    mapping = get_session().get(RegisterMapping, mapping_id) or abort(404)
    form = _mapping_form(_form_values(mapping.name, mapping.columns)
                         if request.method == "GET" else None)
    return _save_mapping_form(form, mapping, "register_mapping.update")


def _save_mapping_form(form, mapping: RegisterMapping, action: str):
    if form.validate_on_submit():
        session = write_session()
        mapping = session.merge(mapping) if mapping.id else mapping
        before = {"name": mapping.name, "columns": mapping.columns} if mapping.id else None
        try:
            save_mapping(session, mapping, form.name.data, _columns_of(form),
                         user_id=current_user.user.id)
        except MappingError as exc:
            session.rollback()
            form.name.errors = [*form.name.errors, MAPPING_ERRORS[exc.code]]
        else:
            audit(action, "register_mapping", mapping.id, before=before,
                  after={"name": mapping.name, "columns": mapping.columns})
            session.commit()
            flash(_("The column mapping “%(name)s” is saved.", name=mapping.name), "success")
            return redirect(url_for("admin.register_mappings"))
    return render_template("register/mapping_form.html", form=form, fields=FIELDS)


@require_roles(*READERS)
def register_mapping_delete(mapping_id: int):
    """Delete a saved column mapping (past imports keep its name)."""
    if not ConsoleForm().validate_on_submit():
        abort(400)
    session = write_session()
    mapping = session.get(RegisterMapping, mapping_id) or abort(404)
    audit("register_mapping.delete", "register_mapping", mapping.id,
          before={"name": mapping.name, "columns": mapping.columns})
    session.delete(mapping)
    session.commit()
    flash(_("The column mapping is deleted."), "success")
    return redirect(url_for("admin.register_mappings"))


def _dossier_list(officer: Officer, own_view: bool):
    month = str(requested_month())
    figure = request.args.get("figure", "received")
    if figure not in FIGURES:
        abort(400)
    session = get_session()
    page = dossiers_behind(session, officer.id, month, figure,
                           page=request.args.get("page", 1, type=int))
    from_register = officer.id in month_dossiers(session, month).from_register
    return render_template(
        "register/dossiers.html", officer=officer, period=month, figure=figure,
        figures=FIGURE_LABELS, page=page, channels=CHANNEL_LABELS, own_view=own_view,
        from_register=from_register)


@require_roles("leader", "hr", "liaison")
def officer_dossiers(officer_id: int):
    """List the register's dossiers behind a figure of an officer's monthly sheet."""
    officer = get_session().get(Officer, officer_id)
    if officer is None or not in_scope(officer.department_id):
        abort(404)
    return _dossier_list(officer, own_view=False)


@require_roles("officer")
def my_dossiers():
    """List the signed-in officer's own dossiers behind a figure of their sheet."""
    officer_id = current_user.user.officer_id
    officer = get_session().get(Officer, officer_id) if officer_id else None
    if officer is None:
        abort(404)
    return _dossier_list(officer, own_view=True)
