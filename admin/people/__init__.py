"""People and access: sign-in, sessions, passwords, two-step sign-in, staff accounts, officers,
what each person may see, and the audit log.
"""
