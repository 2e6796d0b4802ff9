def test_home_redirects_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]


def test_sign_in_page(client):
    response = client.get("/auth/sign-in")
    assert b"Sign in to SDS Champions Hub" in response.data
    assert "Content-Security-Policy" in response.headers


def test_signed_in_home(client, login_as):
    user = login_as("champion")
    response = client.get("/")
    assert user.display_name.encode() in response.data


def test_healthz_without_a_required_worker_is_ok_and_says_no_worker_runs(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "worker": "not running", "worker_last_beat": None,
                             "outbox_backlog": 0, "search_backlog": 0}
