"""Ratings: the review list, the flag queue, contests, an officer's own ratings and the
questionnaires citizens answer.
"""
