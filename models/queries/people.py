"""How staff are named on pages, printouts and exports: by their name, not their log-in."""

from sqlalchemy import func


def person_name(user):
    """Return the SQL expression of a user's full name, or their log-in name when it is empty.

    :param user: the ``User`` entity or an alias of it.
    """
    return func.coalesce(func.nullif(user.full_name, ""), user.username)
