"""Alembic environment and the schema's version history (run with `hailong db upgrade`)."""
