"""deploy/hailong.env lists every setting of the app, and nothing that is not one."""

import re
from pathlib import Path

from flask import Flask

from web.config import PLAIN_ENV_KEYS

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "hailong.env"

#: Keys the libraries fill in themselves (their defaults are right for every deployment), or
#: that only the test suite sets.
NOT_SETTINGS = {"BABEL_TRANSLATION_DIRECTORIES", "CLOCK", "RATELIMIT_ENABLED", "RATELIMIT_STRATEGY",
                "WTF_CSRF_CHECK_DEFAULT", "WTF_CSRF_ENABLED", "WTF_CSRF_FIELD_NAME",
                "WTF_CSRF_HEADERS", "WTF_CSRF_META_NAME", "WTF_CSRF_METHODS",
                "WTF_CSRF_SSL_STRICT"}
#: Read by deploy/gunicorn.conf.py or before the app exists, not by the app's config.
HOST_SETTINGS = {"BIND", "WORKERS", "WORKER_TIMEOUT", "FORWARDED_ALLOW_IPS", "INSTANCE_PATH"}


def template_keys() -> set[str]:
    keys = set()
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Z_]+)=", line)
        if match:
            keys.add(match.group(1).removeprefix("HAILONG_"))
    return keys


def test_every_setting_of_the_app_is_in_the_template(app):
    settings = {key for key in app.config if key not in Flask.default_config} - NOT_SETTINGS
    settings -= {"INSTANCE_PATH"}
    assert sorted(settings - template_keys()) == []


def test_the_template_names_only_real_settings(app):
    known = ({key for key in app.config if key not in Flask.default_config}
             | set(Flask.default_config) | HOST_SETTINGS | set(PLAIN_ENV_KEYS))
    assert sorted(template_keys() - known) == []


def test_plain_keys_are_written_without_the_prefix():
    text = TEMPLATE.read_text(encoding="utf-8")
    for key in PLAIN_ENV_KEYS:
        assert re.search(rf"(?m)^{key}=", text), key
