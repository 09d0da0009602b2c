"""The application factory: configuration order, instance secret, database settings."""

import pytest

from tests.visits_support import TEST_SECRET_KEY
from web.config import ConfigError, normalise_database_url
from wsgi import create_app


def test_test_config_overrides_defaults(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == TEST_SECRET_KEY
    assert app.config["TIMEZONE"] == "Asia/Ho_Chi_Minh"


def test_environment_overrides_defaults_and_test_config_overrides_environment(
    database_url, build_app, monkeypatch
):
    monkeypatch.setenv("HAILONG_ORG_ISSUING_BODY", "UBND TỈNH THỬ NGHIỆM")
    monkeypatch.setenv("HAILONG_TIMEZONE", "Asia/Bangkok")
    app = build_app({"DATABASE_URL": database_url, "ORG_PLACE": "Hà Nội"})
    assert app.config["ORG_ISSUING_BODY"] == "UBND TỈNH THỬ NGHIỆM"
    assert app.config["TIMEZONE"] == "Asia/Bangkok"
    assert app.config["ORG_PLACE"] == "Hà Nội"


def test_instance_config_file_is_read(database_url, tmp_path, build_app):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text('ORG_CENTRE_NAME = "TRUNG TÂM THỬ"\n')
    app = build_app({"DATABASE_URL": database_url})
    assert app.config["ORG_CENTRE_NAME"] == "TRUNG TÂM THỬ"


def test_secret_is_generated_once_into_the_instance_folder(
    database_url, tmp_path, build_app, monkeypatch
):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = build_app({"DATABASE_URL": database_url}).config["SECRET_KEY"]
    second = build_app({"DATABASE_URL": database_url}).config["SECRET_KEY"]
    assert len(first) == 64 and first == second
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_embedded_sqlite_file_lives_in_the_instance_folder(tmp_path):
    url = normalise_database_url("", str(tmp_path))
    assert url == f"sqlite:///{tmp_path / 'hailong.sqlite3'}"


@pytest.mark.parametrize(
    "given, expected",
    [
        ("postgres://u:p@db/h", "postgresql+psycopg://u:p@db/h"),
        ("postgresql://u@db/h", "postgresql+psycopg://u@db/h"),
        ("postgresql+psycopg://u@db/h", "postgresql+psycopg://u@db/h"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_are_normalised_to_psycopg3(given, expected, tmp_path):
    assert normalise_database_url(given, str(tmp_path)) == expected


@pytest.mark.parametrize("url", ["not a url", "mysql://u@db/h", "oracle://x"])
def test_a_wrong_database_url_names_the_setting(url, tmp_path, monkeypatch):
    monkeypatch.setenv("HAILONG_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        create_app({"DATABASE_URL": url})


def test_an_unreachable_database_fails_start_up_with_one_clear_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("HAILONG_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError) as caught:
        create_app({"DATABASE_URL": "postgresql://nobody:secret@127.0.0.1:9/none"})
    message = str(caught.value)
    assert "DATABASE_URL" in message and "secret" not in message


def test_the_sqlite_busy_timeout_is_a_setting_read_from_the_environment(
    database_url, build_app, monkeypatch
):
    assert build_app({"DATABASE_URL": database_url}).config["SQLITE_BUSY_TIMEOUT_MS"] == 10_000
    monkeypatch.setenv("HAILONG_SQLITE_BUSY_TIMEOUT_MS", "750")
    app = build_app({"DATABASE_URL": database_url})
    assert app.config["SQLITE_BUSY_TIMEOUT_MS"] == 750
    engine = app.extensions["hailong.db"].engine
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 750


@pytest.mark.parametrize("value", [0, -5, "soon", 1.5, True, 10**9])
def test_a_wrong_sqlite_busy_timeout_names_the_setting(value, database_url, build_app):
    with pytest.raises(ConfigError, match="SQLITE_BUSY_TIMEOUT_MS"):
        build_app({"DATABASE_URL": database_url, "SQLITE_BUSY_TIMEOUT_MS": value})


def test_the_cli_app_starts_without_a_database(build_app):
    app = build_app(
        {"DATABASE_URL": "postgresql://x@127.0.0.1:9/none", "CHECK_DATABASE_ON_START": False}
    )
    assert "db" in app.cli.commands


def test_behind_a_trusted_proxy_the_client_address_and_scheme_come_from_its_headers(
    build_app, database_url
):
    app = build_app({"DATABASE_URL": database_url, "TRUSTED_PROXIES": 1, "TESTING": True})
    seen = {}

    @app.get("/_probe")
    def probe():
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return "ok"

    response = app.test_client().get(
        "/_probe", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"addr": "203.0.113.7", "secure": True}
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_without_trusted_proxies_forwarded_headers_are_ignored(client, app):
    seen = {}

    @app.get("/_probe")
    def probe():
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return "ok"

    client.get("/_probe", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
    assert seen == {"addr": "127.0.0.1", "secure": False}
