"""The organisation names printed on reports: the settings table first, the configuration after."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

from sqlalchemy import select

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


@dataclass(frozen=True)
class Organisation:
    """Who issues the reports and who signs them (Vietnamese, NFC)."""

    #: e.g. "UBND TỈNH BẮC NINH" (the body above the centre in the heading).
    issuing_body: str
    #: e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG".
    centre_name: str
    #: The place of the place-and-date line, e.g. "Bắc Ninh".
    place: str
    #: The title of the signing leader, e.g. "GIÁM ĐỐC".
    director_title: str
    director_name: str
    #: The person who prepares the tables (NGƯỜI LẬP BIỂU).
    preparer_name: str
    #: The ký hiệu (document symbol) after the number, e.g. "BC-TTPVHCC" in "Số: 12/BC-TTPVHCC".
    document_symbol: str = ""
    #: The "Nơi nhận" list beside the signature: one recipient a line, or each ending in ";".
    recipients: str = ""

    def recipient_lines(self) -> list[str]:
        """Return the recipients one a line: split at line ends and after each ";".

        "Sở Nội vụ; Lưu: VT." (as an environment variable holds it) gives two lines, each
        keeping its punctuation as the decree writes it.
        """
        parts = re.split(r"\n|(?<=;)", self.recipients)
        return [part.strip() for part in parts if part.strip()]


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
