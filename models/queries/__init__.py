"""Queries: functions that read and return small typed rows."""
