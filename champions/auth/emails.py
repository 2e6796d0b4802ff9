"""The account emails: confirmation, password reset and invitation (each a title and a link)."""
from __future__ import annotations

from flask import current_app

from champions.auth import tokens
from champions.auth.models import ROLE_LABELS
from champions.links import absolute_url
from champions.outbox import queue_email


def _with_article(label: str) -> str:
    """'a partner', 'an administrator', 'an SDS Champion'."""
    lowered = label if label.startswith("SDS") else label.lower()
    return f"{'an' if lowered[0] in 'aeiouAEIOUS' else 'a'} {lowered}"


def _site() -> str:
    return current_app.config.get("SITE_NAME", "SDS Champions Hub")


def send_confirmation(user) -> None:
    """Queue an email with a new link to confirm the user's email address (48 hours)."""
    _, raw = tokens.issue(tokens.CONFIRM_EMAIL, user=user)
    # No name: anyone may register any allowed address, so nothing they typed goes into the email.
    queue_email(user.email, f"Confirm your email address for {_site()}", (
        "Hello,\n\n"
        f"To finish creating your {_site()} account, confirm your email address by opening this link:\n\n"
        f"{tokens.link_for(tokens.CONFIRM_EMAIL, raw)}\n\n"
        "The link works once and expires in 48 hours.\n"
        "If you did not create an account, you can ignore this email.\n"
    ), summary="Email confirmation link sent")


def send_registration_attempt(user) -> None:
    """Tell the owner of an existing account that someone tried to register with their address."""
    queue_email(user.email, f"Someone tried to create an account on {_site()} with your email address", (
        "Hello,\n\n"
        f"Someone tried to create an account on {_site()} with this email address, but it already has one.\n\n"
        f"If it was you, sign in: {absolute_url('auth.sign_in')}\n"
        f"If you have forgotten your password, reset it: {absolute_url('auth.forgot_password')}\n\n"
        "If it was not you, you can ignore this email: nothing has changed.\n"
    ))


def send_password_reset(user) -> None:
    """Queue an email with a link to choose a new password (1 hour)."""
    _, raw = tokens.issue(tokens.PASSWORD_RESET, user=user)
    queue_email(user.email, f"Reset your {_site()} password", (
        f"Hello {user.display_name},\n\n"
        "Someone (we hope you) asked to reset your password. Choose a new password here:\n\n"
        f"{tokens.link_for(tokens.PASSWORD_RESET, raw)}\n\n"
        "The link works once and expires in 1 hour.\n"
        "If you did not ask for this, you can ignore this email: your password has not changed.\n"
    ), summary="Password reset link sent")


def send_invitation(invitation, raw: str) -> None:
    """Queue the invitation email for an invitation and its (new) token."""
    organisation = f" for {invitation.organisation.name}" if invitation.organisation else ""
    inviter = invitation.created_by.display_name if invitation.created_by else "An administrator"
    queue_email(invitation.email, f"You are invited to join {_site()}", (
        "Hello,\n\n"
        f"{inviter} has invited you to join {_site()} as {_with_article(ROLE_LABELS.get(invitation.role, invitation.role))}"
        f"{organisation}.\n\n"
        "To accept, open this link and choose your password:\n\n"
        f"{tokens.link_for(tokens.INVITATION, raw)}\n\n"
        "The link works once and expires in 7 days.\n"
    ), summary="Invitation link sent")


def send_password_changed(user) -> None:
    """Tell the person their password changed, in case it was not them."""
    queue_email(user.email, f"Your {_site()} password has changed", (
        f"Hello {user.display_name},\n\n"
        "The password for your account has just been changed and any other signed-in devices were signed out.\n"
        "If this was not you, reset your password at once and tell an administrator.\n"
    ))


def send_security_notice(user, what: str) -> None:
    """Tell the person their sign-in settings changed (a second factor added, removed or reset)."""
    queue_email(user.email, f"Your {_site()} sign-in settings have changed", (
        f"Hello {user.display_name},\n\n"
        f"{what}\n\n"
        f"You can see your sign-in settings here: {absolute_url('auth.security')}\n"
        "If this was not you, reset your password at once and tell an administrator.\n"
    ))
