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


def test_healthz(client):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}
