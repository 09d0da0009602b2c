"""Request bodies are read whole, within a limit, before the view (or anything that takes a
write lock) runs.

On the embedded SQLite database a write transaction holds the one write lock; a view that
took it and then read a slow client's body held every other writer (the tablets) back for
as long as the client cared to dawdle. So every body is read here first, into memory,
before the other request hooks and the view: a view only ever parses bytes already read.

The limit is the view's own (``@body_limit``), else MAX_CONTENT_LENGTH. It holds for
chunked bodies too: the servers we run under (gunicorn, werkzeug) de-chunk the body and
say so (``wsgi.input_terminated``); werkzeug stops reading such a body at the limit, and
one byte past it tells a body that was cut from one that fitted (413).
A client that sends its body slowly still ties up a worker thread, not the database: a
reverse proxy that buffers request bodies (nginx does by default) keeps that off the app.
"""

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

#: Methods whose body is read.
WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def body_limit(max_bytes: int):
    """Declare the largest body a view accepts (put it just under the route decorator)."""

    def decorator(view):
        view.body_limit = max_bytes
        return view

    return decorator


def read_body() -> None:
    """Read the request's body into memory, refusing one over the view's limit (413)."""
    if request.method not in WITH_BODY:
        return
    view = current_app.view_functions.get(request.endpoint)
    limit = getattr(view, "body_limit", None) or current_app.config["MAX_CONTENT_LENGTH"]
    # One byte more than allowed is read: werkzeug ends a streamed (chunked) body quietly
    # at the limit, so only that extra byte shows the body was longer.
    request.max_content_length = limit + 1
    if len(request.get_data(cache=True)) > limit:
        raise RequestEntityTooLarge(f"The body is larger than {limit} bytes.")
    request.max_content_length = limit


def init_app(app) -> None:
    """Read bodies before every other hook: register this first."""
    app.before_request(read_body)
