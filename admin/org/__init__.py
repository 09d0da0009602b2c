"""The organisation: sites, departments, counters and the names printed on reports."""
