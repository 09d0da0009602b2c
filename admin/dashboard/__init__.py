"""The leaders' dashboard: figures, panels and their stored monthly values."""
