"""Passwords are stored as scrypt hashes at werkzeug's full cost; only the test settings lower the cost."""
from __future__ import annotations

from champions import config
from tests import factories


def test_a_council_server_hashes_passwords_at_full_scrypt_cost(app, monkeypatch, tmp_path):
    """Settings from the environment never lower the cost, and without the test setting a hash is scrypt n=32768."""
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert "PASSWORD_HASH_METHOD" not in config.from_environment(str(tmp_path))
    assert "PASSWORD_HASH_METHOD" not in config.BASE
    app.config.pop("PASSWORD_HASH_METHOD")
    person = factories.user()
    person.set_password("a long enough passphrase")
    assert person.password_hash.startswith("scrypt:32768:8:1$")
    assert person.check_password("a long enough passphrase")


def test_the_test_settings_still_use_scrypt_and_the_hashes_verify_anywhere(app):
    """The suite's cheaper hashes are scrypt too, and carry their cost, so any server can check them."""
    person = factories.user()
    person.set_password("a long enough passphrase")
    assert person.password_hash.startswith("scrypt:1024:8:1$")
    app.config.pop("PASSWORD_HASH_METHOD")
    assert person.check_password("a long enough passphrase")
    assert not person.check_password("a long enough passphrasE")
