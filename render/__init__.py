"""Renderers that return bytes (PDF, QR, XLSX) from plain rows; they know nothing of requests."""
