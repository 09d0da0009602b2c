"""The `hailong` command's own words: one-line errors in Vietnamese or English.

The language is ``--lang`` when given, else ``HAILONG_LANG``, else the language of the POSIX
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``vi_VN.UTF-8`` gives Vietnamese). A locale in
neither language (``C``, ``POSIX``, unset) gives English: a local choice, because a server's
default locale says nothing about its operator and the commands' ``--help`` is English. The
messages are the console's catalogue (web/translations), read with Babel, without Flask.
"""

import functools
import os
from pathlib import Path

import click
from babel.support import NullTranslations, Translations

LANGUAGES = ("vi", "en")
TRANSLATIONS = Path(__file__).parent / "translations"


def lang_option(command):
    """Add ``--lang vi|en``: the language of the command's error messages."""
    return click.option("--lang", type=click.Choice(LANGUAGES), expose_value=False,
                        is_eager=True, callback=_remember_language,
                        help="Language of error messages (default: HAILONG_LANG, then LANG)."
                        )(command)


def _remember_language(ctx, _param, value):
    if value:
        ctx.meta["hailong.lang"] = value
    return value


def cli_language(environ=None) -> str:
    """Return "vi" or "en" for the running command (see the module docstring)."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.meta.get("hailong.lang"):
            return ctx.meta["hailong.lang"]
        ctx = ctx.parent
    environ = os.environ if environ is None else environ
    chosen = environ.get("HAILONG_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            language = value.split(".")[0].split("_")[0].lower()
            return language if language in LANGUAGES else "en"
    return "en"


@functools.cache
def _catalogue(language: str) -> NullTranslations:
    if language == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [language])


def _(message: str, **params) -> str:
    """Translate an English message into the command's language, then fill ``%(name)s``."""
    text = _catalogue(cli_language()).gettext(message)
    return text % params if params else text


class CommandError(click.ClickException):
    """A user's error: one line on stderr, in the command's language, exit status 1."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))
        self.prefix = _("Error")

    def show(self, file=None) -> None:
        click.echo(f"{self.prefix}: {self.format_message()}", file=file, err=file is None)
