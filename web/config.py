"""Configuration: defaults, then instance/config.py, then the environment, then the test dict."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from gunicorn.errors import AppImportError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class ConfigError(AppImportError):
    """A setting is missing or wrong; the message names the setting.

    It derives from gunicorn's AppImportError so that gunicorn prints the message
    alone and stops, instead of a traceback and a loop of failing workers.
    """


class Defaults:
    """Settings every deployment starts from; override in instance/config.py or the environment."""

    #: SQLAlchemy URL; empty means the embedded SQLite file in the instance folder.
    DATABASE_URL = ""
    #: How long a write waits for the embedded SQLite database's write lock, in milliseconds
    #: (environment: HAILONG_SQLITE_BUSY_TIMEOUT_MS). Past it the request answers 503
    #: database_unavailable and the tablet sends again later. PostgreSQL ignores it.
    SQLITE_BUSY_TIMEOUT_MS = 10_000
    #: IANA zone used for day and month boundaries (environment: HAILONG_TIMEZONE).
    TIMEZONE = "Asia/Ho_Chi_Minh"
    #: Refuse to start when the database cannot be reached (the CLI turns this off).
    CHECK_DATABASE_ON_START = True
    #: Names printed on reports; a centre sets its own (never hard-coded in templates).
    ORG_ISSUING_BODY = "UBND TỈNH BẮC NINH"
    ORG_CENTRE_NAME = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    ORG_PLACE = "Bắc Ninh"
    ORG_DIRECTOR_TITLE = "GIÁM ĐỐC"
    ORG_DIRECTOR_NAME = ""
    ORG_PREPARER_NAME = ""
    ORG_DOCUMENT_SYMBOL = "BC-TTPVHCC"
    #: The "Nơi nhận" list: recipients end with ";" (or one a line in the console).
    ORG_RECIPIENTS = "Lãnh đạo Trung tâm; Lưu: VT."
    #: Public address citizens reach the app at, e.g. https://danhgia.example.gov.vn; survey
    #: links printed on QR codes use it. Empty: the host of the request that asks.
    PUBLIC_BASE_URL = ""
    #: Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers
    #: are trusted (1 behind nginx or Caddy). 0 trusts none: right when clients connect directly.
    TRUSTED_PROXIES = 0
    #: Languages offered; the first is the default.
    LANGUAGES = ("vi", "en")
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    #: Rate-limit counters; set to redis://… when several app hosts share the load.
    RATELIMIT_STORAGE_URI = "memory://"
    #: If that storage fails, count in this process's memory instead of failing the request.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: Largest request body accepted, in bytes (uploads of officer photos and imports included).
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    #: Scheduled jobs /healthz watches: {job name: most seconds since its last good run}.
    #: Empty watches none (a development machine runs no timers); see deploy/hailong.env.
    SCHEDULED_JOBS = MappingProxyType({})
    #: The security throttles (web/throttle.py): never turn off in production.
    THROTTLES_ENABLED = True
    #: More words refused as passwords, comma-separated (admin/people/passwords.py).
    PASSWORD_CONTEXT_WORDS = ""
    #: Key of the hashes of the applicant's last four digits in the dossier register
    #: (web/dossier_key.py); empty: derived from SECRET_KEY. See docs/privacy.md.
    DOSSIER_HASH_KEY = ""
    #: Bearer token the monitoring server sends to read /metrics; empty hides /metrics.
    METRICS_TOKEN = ""
    WTF_CSRF_TIME_LIMIT = 4 * 3600
    #: The flag rules' thresholds (docs/integrity.md): local choices, each editable as
    #: HAILONG_TRUST_… in the environment or in instance/config.py.
    TRUST_INVITE_MIN_SECONDS = 15
    TRUST_INVITE_BASE_PER_HOUR = 6
    TRUST_INVITE_PER_SERVED = 1.0
    TRUST_BURST_WINDOW_MINUTES = 10
    TRUST_BURST_ALLOWANCE = 5
    TRUST_HOURS_GRACE_MINUTES = 15
    TRUST_OPEN_WEEKDAYS = "0,1,2,3,4,5"
    TRUST_SAME_PHONE_MAX = 2
    TRUST_SAME_PHONE_DAYS = 30
    TRUST_PROBE_CODES = 4
    TRUST_PROBE_WINDOW_MINUTES = 60
    TRUST_STAFF_ADDRESS_MINUTES = 60
    TRUST_TOP_SHARE_Z = 3.0
    TRUST_TOP_SHARE_MIN_RATINGS = 30
    #: Networks many people share (the centre's guest Wi-Fi, comma-separated CIDR): the
    #: address and same-phone rules cannot tell people apart there, so they skip them.
    TRUST_SHARED_NETWORKS = ""
    #: A leader alert when a tablet sees this many PIN lock-outs within the window.
    TRUST_LOCKOUT_ALERT_AFTER = 2
    TRUST_LOCKOUT_ALERT_HOURS = 24
    #: Tests only: a callable the kiosk reads for "now" when it decides closing time
    #: (web/clock.py); unset, the system clock.
    CLOCK = None


#: Environment variables read without prefix; any other setting X is read from HAILONG_X.
PLAIN_ENV_KEYS = ("DATABASE_URL", "SECRET_KEY", "RATELIMIT_STORAGE_URI")


def load_config(app, test_config=None):
    """Fill app.config in order: defaults, instance file, environment, test dict."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key in PLAIN_ENV_KEYS:
        if os.environ.get(key):
            app.config[key] = os.environ[key]
    app.config.from_prefixed_env("HAILONG")
    if test_config:
        app.config.update(test_config)
    app.config["DATABASE_URL"] = normalise_database_url(
        app.config["DATABASE_URL"], app.instance_path
    )
    app.config["SQLITE_BUSY_TIMEOUT_MS"] = positive_milliseconds(
        "SQLITE_BUSY_TIMEOUT_MS", app.config["SQLITE_BUSY_TIMEOUT_MS"]
    )
    check_scheduled_jobs(app.config["SCHEDULED_JOBS"])
    check_clock(app.config["CLOCK"])
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    if app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = strong_secret(app.config["SECRET_KEY"], "SECRET_KEY")
    else:
        path = Path(app.instance_path) / "secret_key"
        app.config["SECRET_KEY"] = strong_secret(read_or_create_secret(Path(app.instance_path)),
                                                 str(path))


def check_clock(clock) -> None:
    """Refuse a CLOCK setting that is not a callable (e.g. text from HAILONG_CLOCK)."""
    if clock is not None and not callable(clock):
        raise ValueError("CLOCK must be a callable returning an aware UTC datetime, or unset")


def normalise_database_url(url, instance_path):
    """Return a usable SQLAlchemy URL, defaulting to instance/hailong.sqlite3.

    :raises ConfigError: when DATABASE_URL cannot be parsed or names an unsupported database.
    """
    if not url:
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(instance_path) / 'hailong.sqlite3'}"
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"DATABASE_URL is not a valid database URL: {exc}") from None
    if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"DATABASE_URL names {parsed.get_backend_name()!r}; use sqlite:/// or postgresql://"
        )
    return parsed.render_as_string(hide_password=False)


def positive_milliseconds(name: str, value) -> int:
    """Return value as a whole number of milliseconds from 1 to one hour.

    :raises ConfigError: naming the setting when value is not such a number.
    """
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3_600_000:
        raise ConfigError(f"{name} must be a whole number of milliseconds from 1 to 3600000")
    return value


def check_scheduled_jobs(value) -> None:
    """Refuse a SCHEDULED_JOBS setting that is not {job name: whole seconds > 0}.

    :raises ConfigError: naming the setting and the expected form.
    """
    if not isinstance(value, Mapping) or not all(
        isinstance(name, str) and isinstance(limit, int) and not isinstance(limit, bool)
        and limit > 0 for name, limit in value.items()
    ):
        raise ConfigError('SCHEDULED_JOBS must be a JSON object of job names and seconds, '
                          'e.g. {"backup": 93600}')
#: Shortest secret key accepted: 32 characters (128 bits as hex, more as random text).
MIN_SECRET_LENGTH = 32
#: Fewest different characters in it ("aaaa…" or "abcabc…" is not a secret).
MIN_SECRET_VARIETY = 8


def strong_secret(key, source: str) -> str:
    """Return key if it can sign sessions and derive the app's other keys.

    :raises ConfigError: naming source (the setting or file) when the key is empty, short
        or plainly not random: every session cookie and derived key would be forgeable.
    """
    advice = ("use at least 32 random characters, e.g. the output of "
              "`python3 -c 'import secrets; print(secrets.token_hex(32))'`")
    if not isinstance(key, str):
        raise ConfigError(f"{source} must be text: {advice}")
    key = key.strip()
    if not key:
        raise ConfigError(f"{source} is empty: delete the file to have a new key made, or {advice}"
                          if source.endswith("secret_key") else f"{source} is empty: {advice}")
    if len(key) < MIN_SECRET_LENGTH or len(set(key)) < MIN_SECRET_VARIETY:
        raise ConfigError(f"{source} is too weak to sign sessions: {advice}")
    return key


def read_or_create_secret(instance_path: Path) -> str:
    """Read the instance secret key, generating it on first run (never committed)."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
