"""Devices at the counters: tablets, integration keys, visit invitations and posters."""
