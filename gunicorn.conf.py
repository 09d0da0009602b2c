"""gunicorn settings, read from the working directory (gunicorn loads ./gunicorn.conf.py by
itself; pass `--config` to use another file).

The access log is written by web.redact.TokenRedactingLogger, which keeps survey tokens
(/s/<token>) out of it: the token is the key to one citizen's rating.
"""

logger_class = "web.redact.TokenRedactingLogger"
