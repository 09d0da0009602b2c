"""Answers that keep what they should to themselves: no caching of private pages, Allow on
405, the API's errors documented; start-up refuses a weak secret key; stored text carries
no control characters; survey tokens stay out of the access log."""

from types import SimpleNamespace

import pytest

from models.base import storable_text
from tests.visits_support import open_test_visit
from web.config import ConfigError
from web.redact import TokenRedactingLogger, redact_tokens
from wsgi import create_app


@pytest.mark.parametrize("path", ["/admin/ratings", "/admin/alerts", "/admin/audit",
                                  "/admin/", "/admin/account/sessions"])
def test_signed_in_console_pages_are_never_cached(client, login, path):
    login("leader")
    response = client.get(path)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_the_survey_link_and_the_api_are_never_cached_but_static_files_may_be(
    client, db, make_officer, questionnaire
):
    visit = open_test_visit(db, make_officer())
    db.commit()
    assert client.get(f"/s/{visit.survey_token}").headers["Cache-Control"] == "no-store"
    assert client.get("/s/").headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/openapi.json").headers["Cache-Control"] == "no-store"
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"
    static = client.get("/admin/static/css/console.css")
    assert static.headers.get("Cache-Control") != "no-store"
    static.close()


@pytest.mark.parametrize("method, path, allowed", [
    ("GET", "/admin/logout", {"POST"}),
    ("PUT", "/api/v1/visits", {"POST"}),
    ("DELETE", "/api/v1/kiosk/ratings", {"POST"}),
    ("POST", "/api/v1/openapi.json", {"GET", "HEAD"}),
    ("TRACE", "/admin/login", {"GET", "POST"}),  # TRACE is answered by nothing
])
def test_a_405_says_which_methods_are_allowed(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert allowed <= {item.strip() for item in response.headers["Allow"].split(",")}


def test_every_operation_documents_413_415_and_503(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert "503" in codes, (path, method)
            if "requestBody" in operation:
                assert {"413", "415"} <= codes, (path, method)


@pytest.mark.parametrize("key", ["abc", "a" * 40, "0123456701234567012345670123", " " * 40])
def test_a_weak_secret_key_stops_start_up_with_a_clear_sentence(app_config, key, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setenv("HAILONG_INSTANCE_PATH", str(tmp_path / "instance"))
    with pytest.raises(ConfigError, match=r"SECRET_KEY is (too weak|empty).*32 random"):
        create_app({**app_config, "SECRET_KEY": key})


def test_an_empty_instance_secret_key_file_stops_start_up(app_config, tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("")
    monkeypatch.setenv("HAILONG_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {key: value for key, value in app_config.items() if key != "SECRET_KEY"}
    with pytest.raises(ConfigError, match="secret_key is empty: delete the file"):
        create_app(config)


@pytest.mark.parametrize("typed, stored", [
    ("Cán bộ\x1b[31m rất tốt\x07", "Cán bộ[31m rất tốt"),
    ("Dòng một\r\nDòng hai\tcột", "Dòng một\nDòng hai\tcột"),
    ("\u202egnoht gnoc\u202c rõ ràng", "gnoht gnoc rõ ràng"),
    ("Nhanh\u200b\u200d\ufeff gọn", "Nhanh gọn"),
    ("Hài lòng 😀", "Hài lòng 😀"),
    ("Nguye\u0302\u0303n", "Nguyễn"),
])
def test_stored_text_keeps_vietnamese_and_line_breaks_and_drops_control_characters(
    typed, stored
):
    assert storable_text(typed) == stored


def test_survey_tokens_are_kept_out_of_the_access_log():
    token = "Ab3_-xYz09QwErTy"
    line = f'POST /s/{token}?lang=vi HTTP/1.1 "https://danhgia.example/s/{token}"'
    assert token not in redact_tokens(line) and "/s/…?lang=vi" in redact_tokens(line)
    assert redact_tokens("/s/c/QUAY-01 /s/thanks /s/static/survey.css") == (
        "/s/c/QUAY-01 /s/thanks /s/static/survey.css")
    logger = TokenRedactingLogger(SimpleNamespace(
        errorlog="-", accesslog=None, loglevel="info", capture_output=False,
        logconfig=None, logconfig_dict={}, logconfig_json=None, syslog=False,
        disable_redirect_access_to_syslog=False, access_log_format="", user=0, group=0,
        umask=0, statsd_host=None, dogstatsd_tags=""))
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/s/{token}/qr.svg",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": f"/s/{token}/qr.svg",
               "QUERY_STRING": "", "HTTP_REFERER": f"http://x/s/{token}"}
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    request = SimpleNamespace(headers=[("Referer", f"http://x/s/{token}")])
    atoms = logger.atoms(response, request, environ, SimpleNamespace(seconds=0,
                                                                      microseconds=5))
    assert not any(token in str(value) for value in atoms.values())


def test_gunicorn_run_from_the_project_uses_the_redacting_logger():
    from pathlib import Path

    import wsgi

    settings = {}
    exec((Path(wsgi.__file__).parent / "gunicorn.conf.py").read_text(), settings)  # noqa: S102
    assert settings["logger_class"] == "web.redact.TokenRedactingLogger"
