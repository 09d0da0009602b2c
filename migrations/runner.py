"""Run Alembic programmatically: upgrade, read the head and the database's revision.

It lives beside the scripts it runs, above models/ (models never import it: the one arrow
that ran back up from models/ to migrations/ is gone)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

import migrations as scripts

#: Date-prefixed revision files, e.g. 20261129_1a2b3c4d5e6f_initial_schema.py
FILE_TEMPLATE = "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s"


def alembic_config(url: str) -> Config:
    """Return an Alembic Config pointing at this project's migrations and url."""
    config = Config()
    config.set_main_option("script_location", str(Path(scripts.__file__).parent))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("file_template", FILE_TEMPLATE)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at url to revision."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Downgrade the database at url to revision."""
    command.downgrade(alembic_config(url), revision)


def new_revision(url: str, message: str) -> None:
    """Autogenerate a migration for what the models have and the database at url lacks."""
    command.revision(alembic_config(url), message=message, autogenerate=True)


def head_revision() -> str:
    """Return the newest revision of the migration scripts."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


def database_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revision(revision: str) -> bool:
    """Return whether ``revision`` is one of this release's migration scripts."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    try:
        return script.get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown id
        return False


def pending_revisions(engine: Engine) -> list[tuple[str, str]]:
    """Return ``(revision, message)`` of each migration an upgrade to head would run, in order."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    current = database_revision(engine)
    steps = list(script.iterate_revisions("heads", current))
    return [(step.revision, step.doc) for step in reversed(steps)]
