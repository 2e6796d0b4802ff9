"""Single sign-on: off to the council's identity provider, and back with a verified ID token."""
from __future__ import annotations

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from joserfc.errors import JoseError

from champions.auth import bp, oidc, two_step
from champions.extensions import db
from champions.links import absolute_url

NEXT = "oidc_next"
CANCELLED = ("access_denied", "login_required", "consent_required", "interaction_required")


def _problem(title: str, message: str, status: int):
    """A page that says what went wrong and offers both ways to sign in again."""
    return render_template("auth/sso_problem.html", title=title, message=message), status


def _provider_down():
    return _problem("Your council sign-in is not answering",
                    "We could not reach your council's sign-in service. Try again in a few minutes. If it "
                    "keeps happening, tell your IT service desk.", 503)


def _refused(reason: str, email: str, message: str, status: int = 400):
    db.session.rollback()
    oidc.failed(reason, email)
    db.session.commit()
    return _problem("You could not be signed in", message, status)


@bp.get("/oidc/sign-in")
def oidc_sign_in():
    """Send the person to the council's identity provider (code flow with PKCE, state and nonce)."""
    if not oidc.enabled():
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    target = request.args.get("next", "")
    session[NEXT] = target if two_step.is_safe_next(target) else ""
    try:
        return oidc.client().authorize_redirect(absolute_url("auth.oidc_callback"))
    except (requests.RequestException, ValueError, KeyError, RuntimeError):
        return _provider_down()


@bp.get("/oidc/callback")
def oidc_callback():
    """Check the provider's answer, find or make the account, and sign in (no second step: the provider's applies)."""
    if not oidc.enabled():
        abort(404)
    if request.args.get("error") in CANCELLED:
        flash("You did not finish signing in with your council account. Try again, or sign in with your "
              "Hub password.", "info")
        return redirect(url_for("auth.sign_in"))
    try:
        token = oidc.client().authorize_access_token()
    except MismatchingStateError:
        return _refused("the state did not match (expired, used before, or from another browser)", "",
                        "This sign-in link has expired or has already been used. Start again from the "
                        "sign-in page.")
    except requests.RequestException:
        return _provider_down()
    except (OAuthError, JoseError, ValueError, KeyError) as exc:
        return _refused(f"the provider's answer did not check out ({type(exc).__name__}: {exc})"[:300], "",
                        "Your council's sign-in service sent an answer we could not trust, so you are not "
                        "signed in. Start again; if it keeps happening, tell your IT service desk.")
    if not token.get("userinfo"):
        return _refused("no ID token in the provider's answer", "",
                        "Your council's sign-in service did not say who you are. Tell your IT service desk.")
    claims = oidc.Claims.read(dict(token["userinfo"]), current_app.config["OIDC_ISSUER"])
    try:
        user = oidc.account_for(claims)
    except oidc.SignInRefused as refused:
        return _refused(refused.audit_reason, claims.email, refused.message, 403)
    oidc.record_sign_in(user, claims)
    target = session.pop(NEXT, "")
    response = two_step.finish(user, remember=False, next_url=target)
    record = getattr(user, "_session_record", None)
    if record is not None:
        record.oidc_id_token = token.get("id_token", "")  # the hint for signing out at the provider too
        db.session.commit()
    return response
