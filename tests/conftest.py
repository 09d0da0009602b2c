"""Shared fixtures: a migrated database per test (SQLite file or TEST_DATABASE_URL), the app,
its client and CLI runner, and factories that return callables."""

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from migrations import runner as migrate
from models import Base
from models.engine import make_engine
from tests.doorway import DoorwayWatch
from tests.visits_support import TEST_SECRET_KEY
from wsgi import create_app

# Time is not what the properties are about: on a loaded machine (CI, the suite spread over
# every core) a slow example must not fail a test. Per-test settings still apply on top.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

pytest_plugins = ["tests.factories", "tests.browser.support", "tests.register_support"]


def postgres_url() -> str | None:
    """Return the PostgreSQL URL the suite runs on, or None for SQLite.

    Under pytest-xdist each worker has a database of its own beside TEST_DATABASE_URL's
    (``<name>_gw0``, ``<name>_gw1``, …), made at the start of its session and dropped at its end.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if url and url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if url and worker:
        base = make_url(url)
        url = base.set(database=f"{base.database}_{worker}").render_as_string(
            hide_password=False)
    return url


def _base_postgres_url() -> str:
    """The URL TEST_DATABASE_URL names (the database a worker's own is made beside)."""
    worker_url = make_url(postgres_url())
    worker = os.environ["PYTEST_XDIST_WORKER"]
    return worker_url.set(database=worker_url.database.removesuffix(f"_{worker}")) \
        .render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """Build the schema once by running the migrations (never create_all)."""
    url = postgres_url()
    if url:
        worker_database = os.environ.get("PYTEST_XDIST_WORKER") and make_url(url).database
        if worker_database:
            admin = make_engine(_base_postgres_url(), isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.exec_driver_sql(
                    f'DROP DATABASE IF EXISTS "{worker_database}" WITH (FORCE)')
                connection.exec_driver_sql(
                    f'CREATE DATABASE "{worker_database}" ENCODING \'UTF8\' TEMPLATE template0')
            admin.dispose()
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        migrate.upgrade(url)
        yield url
        if worker_database:
            admin = make_engine(_base_postgres_url(), isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.exec_driver_sql(
                    f'DROP DATABASE IF EXISTS "{worker_database}" WITH (FORCE)')
            admin.dispose()
        return
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    yield path


@pytest.fixture
def database_url(migrated_template, tmp_path):
    """Give each test a clean migrated database."""
    url = postgres_url()
    if not url:
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated_template, target)
        yield f"sqlite:///{target}"
        return
    yield url
    truncate_all(url)


def truncate_all(url: str) -> None:
    """Empty every table of the PostgreSQL test database.

    The audit log refuses TRUNCATE (a trigger); the test database's superuser turns
    triggers off for this one transaction, as a production role could not.
    """
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        connection.execute(text("INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '')"))
    engine.dispose()


@pytest.fixture
def scratch_database_url(tmp_path):
    """An empty second database of the same kind as the suite's, dropped afterwards."""
    url = postgres_url()
    if not url:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    name = f"{make_url(url).database}_scratch"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def app_config(database_url, tmp_path):
    """The test configuration; a test may change it before asking for `app`."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET_KEY,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Two-step sign-in has its own tests (tests/admin/people/test_second_factor.py); the rest
        # of the suite signs in with a password alone.
        "TWO_FACTOR_ROLES": "",
    }


@pytest.fixture
def app(app_config, tmp_path, monkeypatch):
    """The app under test, with its instance folder in a temporary directory."""
    monkeypatch.setenv("HAILONG_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)
    watch = DoorwayWatch(app.extensions["hailong.db"].engine)
    yield app
    watch.close()
    app.extensions["hailong.db"].engine.dispose()
    watch.assert_none()


@pytest.fixture
def build_app(tmp_path, monkeypatch):
    """Create extra apps with their own config; their engines are disposed afterwards."""
    built = []
    monkeypatch.setenv("HAILONG_INSTANCE_PATH", str(tmp_path / "instance"))

    watches = []

    def build(config):
        built.append(create_app(config))
        watches.append(DoorwayWatch(built[-1].extensions["hailong.db"].engine))
        return built[-1]

    yield build
    for extra, watch in zip(built, watches, strict=True):
        watch.close()
        extra.extensions["hailong.db"].engine.dispose()
    for watch in watches:
        watch.assert_none()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A session on the app's database for arranging and checking data; commit to share it."""
    session = Session(app.extensions["hailong.db"].engine, expire_on_commit=False)
    yield session
    session.close()
