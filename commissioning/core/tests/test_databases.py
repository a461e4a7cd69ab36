"""Every SQLite database gets the locking settings, at the default path or named in DATABASE_URL (issue 10, 11)."""

from pathlib import Path

from commissioning.core.databases import SQLITE_OPTIONS, database_settings

DEFAULT = Path("/srv/var/commissioning.sqlite3")


def test_the_default_sqlite_database_is_safe_under_concurrency():
    config = database_settings("", default_sqlite=DEFAULT)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(DEFAULT)
    assert config["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }


def test_a_sqlite_database_named_in_database_url_gets_the_same_locking_settings(tmp_path):
    config = database_settings(f"sqlite:///{tmp_path}/other.sqlite3", default_sqlite=DEFAULT)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/other.sqlite3"
    assert config["OPTIONS"] == SQLITE_OPTIONS
    assert config["CONN_MAX_AGE"] == 60


def test_an_option_in_the_url_wins_over_the_default():
    config = database_settings("sqlite:////srv/db.sqlite3?timeout=5", default_sqlite=DEFAULT)
    assert config["OPTIONS"]["timeout"] == 5
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_is_left_as_the_url_says():
    config = database_settings("postgres://postgres@127.0.0.1:5432/commissioning", default_sqlite=DEFAULT)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "commissioning"
    assert "transaction_mode" not in config.get("OPTIONS", {})
