"""Keep survey tokens out of logs: a token in a path is the key to a citizen's rating."""

import re

from gunicorn.glogging import Logger

#: /s/<token> with a 16-character token (models.ops.visits.TOKEN_LENGTH), in a path, a full
#: URL (a Referer) or a request line.
SURVEY_TOKEN = re.compile(r"(/s/)[A-Za-z0-9_-]{16}(?![A-Za-z0-9_-])")
HIDDEN = r"\1…"


def redact_tokens(text: str) -> str:
    """Return text with every survey token in a /s/ path replaced by "…"."""
    return SURVEY_TOKEN.sub(HIDDEN, text)


class TokenRedactingLogger(Logger):
    """gunicorn's logger, whose access log never shows a survey token (request line, path,
    query, Referer or any header). gunicorn.conf.py at the project's root selects it."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact_tokens(value) if isinstance(value, str) else value
                for key, value in atoms.items()}
