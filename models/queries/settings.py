"""The organisation names printed on reports: the settings table first, the configuration after."""

from collections.abc import Mapping
from dataclasses import fields

from sqlalchemy import select

from evaluation.report import Organisation
from models.settings import Setting

#: Field of Organisation → the configuration key that gives its default.
CONFIG_KEYS = {
    "issuing_body": "ORG_ISSUING_BODY",
    "centre_name": "ORG_CENTRE_NAME",
    "place": "ORG_PLACE",
    "director_title": "ORG_DIRECTOR_TITLE",
    "director_name": "ORG_DIRECTOR_NAME",
    "preparer_name": "ORG_PREPARER_NAME",
    "document_symbol": "ORG_DOCUMENT_SYMBOL",
    "recipients": "ORG_RECIPIENTS",
}
#: Prefix of the organisation's rows in ``settings`` (other features keep their own keys there).
KEY_PREFIX = "org."


def setting_key(field_name: str) -> str:
    """Return the ``settings`` key of an Organisation field."""
    return KEY_PREFIX + field_name


def load_organisation(session, defaults: Mapping[str, object]) -> Organisation:
    """Return the organisation names: a stored setting wins over ``defaults`` (the app config).

    :param defaults: a mapping holding the ``ORG_*`` keys, usually ``app.config``.
    """
    stored = dict(session.execute(
        select(Setting.key, Setting.value).where(Setting.key.startswith(KEY_PREFIX))).all())
    values = {}
    for item in fields(Organisation):
        value = stored.get(setting_key(item.name))
        values[item.name] = str(defaults.get(CONFIG_KEYS[item.name], "") or "") \
            if value is None else value
    return Organisation(**values)
