"""The console's form base: every message a person reads, in Vietnamese by default."""

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from web.i18n import nfc_filter

#: The messages WTForms raises itself, listed so they are extracted and translated here
#: (WTForms ships no Vietnamese catalogue).
WTFORMS_MESSAGES = (
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid time value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("This field is required."),
    _l("Invalid input."),
)


class CatalogueTranslations:
    """Translate WTForms' own messages through the application's catalogue."""

    def gettext(self, string):
        return gettext(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class ConsoleForm(FlaskForm):
    """A console form: CSRF-protected, text normalised to NFC, messages translated."""

    class Meta:
        def get_translations(self, form):
            return CatalogueTranslations()

        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                filters = (*unbound_field.kwargs.get("filters", ()), nfc_filter)
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)


def required():
    """A field that must be filled in."""
    return DataRequired(message=_l("Please fill in this field."))


def required_number():
    """A number that must be given (zero allowed)."""
    return InputRequired(message=_l("Please fill in this field."))


def optional():
    """A field that may stay empty."""
    return Optional()


def at_most(length: int):
    """Text of at most length characters."""
    return Length(max=length, message=_l("Please use at most %(max)d characters.", max=length))


def between(low: int, high: int):
    """A whole number from low to high."""
    return NumberRange(
        min=low, max=high, message=_l("Please enter a number from %(min)d to %(max)d.",
                                      min=low, max=high)
    )


def options(pairs) -> list[SelectChoice]:
    """Return (value, label) pairs as the choices of a select."""
    return [SelectChoice(value, label) for value, label in pairs]
