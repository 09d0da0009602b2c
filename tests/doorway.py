"""Watch an app's engine for writes made outside the write doorway (``web.db.write_session``).

Every app the suite builds (``tests/conftest.py``) is watched: a test in which a request or a
`hailong` command runs INSERT, UPDATE or DELETE on a connection whose transaction did not
begin through the doorway fails, naming the endpoint or command and the statement. Writes
the tests make themselves to arrange data (outside any request or command) are not watched.
"""

import re

import click
from flask import has_request_context, request
from sqlalchemy import event

from models.engine import WRITE_MARK

WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


class DoorwayWatch:
    """Record the writes of requests and commands that bypass the doorway."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.violations: list[str] = []
        event.listen(engine, "before_cursor_execute", self._check)

    def _check(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not WRITE.match(statement) or conn.get_execution_options().get(WRITE_MARK):
            return
        if has_request_context():
            where = f"request {request.method} {request.path} ({request.endpoint})"
        else:
            command = click.get_current_context(silent=True)
            if command is None:
                return
            where = f"command {command.command_path}"
        self.violations.append(f"{where}: {' '.join(statement.split())[:120]}")

    def close(self) -> None:
        """Stop watching."""
        event.remove(self.engine, "before_cursor_execute", self._check)

    def assert_none(self) -> None:
        """Fail with every write made outside the doorway."""
        assert not self.violations, (
            "written outside web.db.write_session (SQLite would take its write lock "
            "mid-transaction):\n" + "\n".join(self.violations))
