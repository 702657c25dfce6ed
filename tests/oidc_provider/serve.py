"""`python -m tests.oidc_provider.serve PORT CLIENT_ID SECRET REDIRECT_URI`: migrate, seed, and serve.

Seeds one registered client (confidential, authorization code, RS256, no consent
screen) and members from OIDC_PROVIDER_MEMBERS ("username:password:email:membership_number;...").
"""

import os
import sys

import django


def main() -> None:
    port, client_id, secret, redirect_uri = sys.argv[1:5]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    Application.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": "Policy Networks",
            "client_secret": secret,
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": redirect_uri,
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
            "hash_client_secret": False,
        },
    )
    for entry in filter(None, os.environ.get("OIDC_PROVIDER_MEMBERS", "").split(";")):
        username, password, email, number = entry.split(":")
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": email, "last_name": number})
        user.set_password(password)
        user.save()
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    main()
