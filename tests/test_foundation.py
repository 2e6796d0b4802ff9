"""The shell every feature stands on: configuration, database settings, Markdown, dates, error pages."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text

from champions import create_app, markdown, timeutil
from champions.config import ConfigError, from_environment, normalise_database_url, test_config
from champions.extensions import db


def test_sqlite_runs_with_wal_and_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only apply to SQLite (this run uses PostgreSQL)")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_refuses_to_start_without_secret_key_outside_demo(tmp_path):
    with pytest.raises(ConfigError) as error:
        from_environment(str(tmp_path), env={})
    assert "SECRET_KEY" in str(error.value)
    assert "\n" not in str(error.value)


def test_flask_debug_does_not_imply_demo_mode_or_its_fixed_secret_key(tmp_path):
    """Only DEMO=1 turns on demo mode: a debug server must still be given a real SECRET_KEY."""
    with pytest.raises(ConfigError):
        from_environment(str(tmp_path), env={"FLASK_DEBUG": "1"})
    assert from_environment(str(tmp_path), env={"FLASK_DEBUG": "1", "SECRET_KEY": "k" * 40})["DEMO"] is False


def test_demo_mode_starts_without_secret_key_and_uses_instance_sqlite(tmp_path):
    settings = from_environment(str(tmp_path), env={"DEMO": "1"})
    assert settings["SECRET_KEY"]
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'champions.db'}"
    assert settings["SESSION_COOKIE_SECURE"] is False


def test_production_cookies_are_secure(tmp_path):
    settings = from_environment(str(tmp_path), env={"SECRET_KEY": "x" * 32})
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"


def test_bad_number_in_environment_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="MAIL_PORT"):
        from_environment(str(tmp_path), env={"DEMO": "1", "MAIL_PORT": "lots"})


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_markdown_is_sanitised():
    html = str(markdown.render(
        "# Title\n\n<script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.org) "
        "<img src=x onerror=alert(1)> **bold**"))
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html and "<img" not in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">good</a>' in html
    assert "<h2>Title</h2>" in html and "<h1>" not in html
    assert "<strong>bold</strong>" in html


def test_markdown_keeps_mailto_and_drops_data_links():
    html = str(markdown.render("[mail](mailto:sds@example.org) [data](data:text/html;base64,PHNjcmlwdD4=)"))
    assert 'href="mailto:sds@example.org"' in html
    assert "data:text" not in html


def test_plain_text_for_snippets():
    assert markdown.to_plain_text("**Direct** payments & *PAs*") == "Direct payments & PAs"


def test_dates_are_written_the_british_way_in_london_time():
    assert timeutil.format_date(date(2027, 3, 3)) == "3 March 2027"
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    assert timeutil.format_date(datetime(2027, 6, 30, 23, 30, tzinfo=timezone.utc)) == "1 July 2027"
    assert timeutil.format_datetime(datetime(2027, 1, 5, 14, 5, tzinfo=timezone.utc)) == "5 January 2027 at 2:05pm"


def test_working_days_skip_weekends_and_scottish_bank_holidays():
    # Friday 27 November 2026 to Tuesday 1 December 2026: Monday 30 November is St Andrew's Day.
    assert timeutil.working_days_between(date(2026, 11, 27), date(2026, 12, 1)) == 1
    assert timeutil.is_working_day(date(2026, 11, 30)) is False
    assert timeutil.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0


def test_naive_datetimes_are_refused_by_the_database_type():
    with pytest.raises(ValueError):
        timeutil.UTCDateTime().process_bind_param(datetime(2027, 1, 1), None)


def test_unknown_page_is_a_404_in_the_site_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"Skip to main content" in response.data


def test_wrong_method_is_a_405_page(client):
    response = client.get("/auth/sign-out")
    assert response.status_code == 405
    assert b"That action is not allowed here" in response.data


def test_unexpected_error_shows_500_page_and_rolls_back(tmp_path):
    settings = test_config(str(tmp_path))
    settings["RENDER_500_IN_TESTS"] = True
    app = create_app(settings)

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    with app.app_context():
        db.create_all()
        response = app.test_client().get("/boom")
        db.engine.dispose()
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.data


def test_large_upload_is_a_413_page(client):
    response = client.post("/auth/sign-in", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert b"too large" in response.data


def test_trusted_proxy_makes_forwarded_https_count(tmp_path):
    settings = test_config(str(tmp_path))
    settings["TRUSTED_PROXY_COUNT"] = 1
    app = create_app(settings)
    with app.app_context():
        db.create_all()
        response = app.test_client().get("/auth/sign-in", headers={"X-Forwarded-Proto": "https"})
        db.engine.dispose()
    assert "Strict-Transport-Security" in response.headers


@pytest.mark.parametrize("path", [
    "/admin/users?page=99999999999999999999", "/admin/audit?page=%C2%B2", "/admin/invitations?page=-1",
    "/meetings/actions?owner=99999999999999999999&page=99999999999999999999",
])
def test_odd_numbers_in_the_address_never_give_a_500(client, login_as, path):
    login_as("admin")
    assert client.get(path).status_code == 200


def test_stored_html_to_text_for_search_snippets():
    html = str(markdown.render("Every **Wednesday** morning\n\n- one\n- two & three"))
    assert markdown.html_to_text(html) == "Every Wednesday morning one two & three"
