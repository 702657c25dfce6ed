"""A real OpenID Connect provider for the single sign-on test: django-oauth-toolkit, run in its own process.

It stands in for the party's identity provider: a member signs in there, it
issues an RS256-signed ID token and answers /userinfo with their email and a
`membership_number` claim. See `serve.py`.
"""
