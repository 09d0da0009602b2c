"""The alerts inbox and the leaders' alert e-mail."""
