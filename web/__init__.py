"""Shared Flask plumbing: configuration, extensions, database binding, i18n, security, health."""
