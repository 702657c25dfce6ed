"""The claims the party's identity provider would give: email, name and the membership number."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class PartyValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below goes out with the openid scope

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "name": user.first_name or user.username,
            "given_name": user.first_name,
            # This test provider keeps the member's number in `last_name` (it has no profile model).
            "membership_number": user.last_name,
        }
