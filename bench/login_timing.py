"""How long a refused log-in takes for a name that exists, one that does not, and a disabled
account: the three must not be told apart by their timing (issue 14, row 11).

Runs the real app in-process on a fresh SQLite file (the password hasher dominates, the
database hardly matters), with the throttles off so that every attempt is checked.

    .venv/bin/python bench/login_timing.py [--attempts 40]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchrow import emit
from sqlalchemy.orm import Session

from admin.people.passwords import hash_password
from migrations import runner as migrate
from models import User
from wsgi import create_app

#: The ratio of the slowest to the fastest median that still tells nothing: the noise of
#: one request on a shared machine is larger than that.
TOLERANCE = 1.25


def medians_ms(client, usernames: list[str], attempts: int) -> dict[str, float]:
    """Return the median time of a refused log-in for each username, in milliseconds.

    The names take turns, so a burst of load on the machine falls on all of them alike.
    """
    times = {username: [] for username in usernames}
    for _ in range(attempts):
        for username in usernames:
            started = time.perf_counter()
            response = client.post("/admin/login", data={"username": username,
                                                         "password": "not the password"})
            times[username].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
    return {username: statistics.median(values) for username, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, "TESTING": True, "WTF_CSRF_ENABLED": False,
                          "THROTTLES_ENABLED": False,
                          "SECRET_KEY": "bench-secret-key-0123456789abcdefghij"})
        engine = app.extensions["hailong.db"].engine
        with Session(engine) as session:
            for name, active in (("known", True), ("disabled", False)):
                session.add(User(username=name, role="hr", active=active,
                                 password_hash=hash_password("a real passphrase")))
            session.commit()
        client = app.test_client()
        medians_ms(client, ["warm-up"], 5)
        figures = medians_ms(client, ["known", "nobody-of-this-name", "disabled"],
                             args.attempts)
        engine.dispose()
    spread = max(figures.values()) / min(figures.values())
    note = ", ".join(f"{name} {ms:.0f} ms" for name, ms in figures.items())
    emit("refused log-in, slowest ÷ fastest median (known, unknown, disabled name)",
         round(spread, 2), "×", target=f"≤ {TOLERANCE}", met=spread <= TOLERANCE, note=note)


if __name__ == "__main__":
    main()
