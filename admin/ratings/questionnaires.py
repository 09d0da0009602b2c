"""Questionnaires: read every version; clone the active one, edit the draft, activate it."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Optional

from admin.common.forms import ConsoleForm, at_most, between, options, required, required_number
from admin.common.nav import add_nav
from admin.people.auth import require_roles
from models import QuestionItem, QuestionnaireVersion, Rating
from models.ops import questionnaires as ops
from models.ops.snapshots import snapshot
from web.audit import audit
from web.db import get_session, write_session

READERS = ("leader", "hr")
EDITORS = ("leader",)
add_nav("admin.questionnaires", _l("Questionnaires"), READERS, order=40)

GROUP_LABELS = {
    "overall": _l("Overall satisfaction"), "4xin": _l("“4 xin”"), "4luon": _l("“4 luôn”"),
    "5khong": _l("“5 không” behaviours"), "reason": _l("Reasons for dissatisfaction"),
}
ERRORS = {
    "frozen": _l("This version has been used and can no longer change. Clone it to make a new "
                 "draft."),
    "thresholds": _l("The levels do not fit the scale: satisfied from a level within the scale, "
                     "reason required only below it."),
    "code": _l("The code must be 2 to 32 capital letters, digits or _, and new in this version."),
    "group": _l("Please choose a group from the list."),
    "level": _l("Overall items need a level; other items must not have one."),
    "levels": _l("The overall items must be exactly one per level, from 1 to the scale's top."),
}
SETTING_FIELDS = ("scale_max", "satisfied_min_level", "reason_required_max_level", "note")


class SettingsForm(ConsoleForm):
    """A draft's scale and thresholds."""

    scale_max = IntegerField(_l("Number of levels"), validators=[required_number(),
                                                                  between(2, 5)])
    satisfied_min_level = IntegerField(_l("Satisfied from level"),
                                       validators=[required_number(), between(1, 5)])
    reason_required_max_level = IntegerField(_l("Reason required up to level"),
                                             validators=[required_number(), between(0, 4)])
    note = StringField(_l("Note"), validators=[at_most(500)])


class ItemForm(ConsoleForm):
    """An item's labels."""

    label_vi = StringField(_l("Vietnamese label"), validators=[required(), at_most(300)])
    label_en = StringField(_l("English label"), validators=[required(), at_most(300)])


class NewItemForm(ItemForm):
    """A new item: code, group, labels and (for overall items) its level."""

    code = StringField(_l("Code"), validators=[required(), at_most(32)])
    group = SelectField(_l("Group"), choices=options(GROUP_LABELS.items()))
    level = IntegerField(_l("Level (overall items only)"), validators=[Optional(),
                                                                        between(1, 5)])


@require_roles(*READERS)
def questionnaires():
    """List every questionnaire version with the number of ratings given under it."""
    session = get_session()
    counts = dict(session.execute(select(Rating.questionnaire_version_id, func.count())
                                  .group_by(Rating.questionnaire_version_id)).all())
    versions = session.scalars(select(QuestionnaireVersion).order_by(
        QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.version.desc()))
    return render_template("ratings/questionnaires.html", versions=list(versions), counts=counts)


@require_roles(*READERS)
def questionnaire_version(version_id):
    """Show a version's items by group; a draft shows the forms to change it."""
    session = get_session()
    version = session.get(QuestionnaireVersion, version_id) or abort(404)
    return render_template(
        "ratings/questionnaire_version.html", version=version, groups=GROUP_LABELS,
        editable=ops.is_editable(session, version), settings=SettingsForm(obj=version),
        item_form=ItemForm, new_item=NewItemForm())


def _back(version_id):
    return redirect(url_for("admin.questionnaire_version", version_id=version_id))


def _run(version_id, action, change, object_type="questionnaire_version", object_id=None):
    """Apply change in a write transaction, audit it, and report a refusal in words."""
    session = write_session()
    version = session.get(QuestionnaireVersion, version_id) or abort(404)
    try:
        before, after = change(session, version)
    except ops.QuestionnaireError as exc:
        session.rollback()
        flash(ERRORS[exc.code], "error")
        return _back(version_id)
    audit(action, object_type, object_id or version.id, before=before, after=after)
    session.commit()
    return None


@require_roles(*EDITORS)
def questionnaire_clone(version_id):
    """Copy a version into a new draft."""
    created = {}

    def change(session, version):
        created["draft"] = ops.clone_version(session, version)
        return None, {"from_version_id": version.id, "version": created["draft"].version}

    return _run(version_id, "questionnaire.clone", change) or _back(created["draft"].id)


@require_roles(*EDITORS)
def questionnaire_settings(version_id):
    """Change a draft's scale, thresholds and note."""
    form = SettingsForm()
    if not form.validate():
        flash(ERRORS["thresholds"], "error")
        return _back(version_id)

    def change(session, version):
        before = snapshot(version, SETTING_FIELDS)
        ops.update_settings(session, version, **{k: form[k].data for k in SETTING_FIELDS})
        return before, snapshot(version, SETTING_FIELDS)

    return _run(version_id, "questionnaire.update", change) or _back(version_id)


@require_roles(*EDITORS)
def questionnaire_item(item_id):
    """Change an item's Vietnamese and English labels."""
    item = get_session().get(QuestionItem, item_id) or abort(404)
    form = ItemForm()
    if not form.validate():
        flash(_("Both labels are needed (at most 300 characters)."), "error")
        return _back(item.version_id)

    def change(session, version):
        target = session.get(QuestionItem, item_id)
        before = snapshot(target, ("label_vi", "label_en"))
        ops.update_item(session, target, label_vi=form.label_vi.data,
                        label_en=form.label_en.data)
        return before, snapshot(target, ("label_vi", "label_en"))

    return _run(item.version_id, "questionnaire.item_update", change, "question_item",
                item_id) or _back(item.version_id)


@require_roles(*EDITORS)
def questionnaire_item_add(version_id):
    """Add an item to a draft."""
    form = NewItemForm()
    if not form.validate():
        flash(_("Please fill in the code, the group and both labels."), "error")
        return _back(version_id)

    def change(session, version):
        item = ops.add_item(session, version, code=form.code.data.strip().upper(),
                            group=form.group.data, label_vi=form.label_vi.data,
                            label_en=form.label_en.data, level=form.level.data)
        return None, snapshot(item, ("code", "item_group", "label_vi", "label_en", "level"))

    return _run(version_id, "questionnaire.item_add", change) or _back(version_id)


@require_roles(*EDITORS)
def questionnaire_item_remove(item_id):
    """Remove an item from a draft."""
    item = get_session().get(QuestionItem, item_id) or abort(404)

    def change(session, version):
        target = session.get(QuestionItem, item_id)
        before = snapshot(target, ("code", "item_group", "label_vi", "label_en", "level"))
        ops.remove_item(session, target)
        return before, None

    return _run(item.version_id, "questionnaire.item_remove", change, "question_item",
                item_id) or _back(item.version_id)


@require_roles(*EDITORS)
def questionnaire_activate(version_id):
    """Make a draft the version tablets and the phone survey use from now on."""

    def change(session, version):
        retired = ops.activate_version(session, version)
        return ({"active_version_id": retired.id if retired else None},
                {"active_version_id": version.id})

    refused = _run(version_id, "questionnaire.activate", change)
    if refused:
        return refused
    flash(_("This version is now active. Tablets pick it up at their next refresh."))
    return _back(version_id)
