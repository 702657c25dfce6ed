from django import forms

from networks.models import NetworkMembership, Profile, Region


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls `signup()` once the user exists."""

    display_name = forms.CharField(
        max_length=80, label="Display name", help_text="How your name appears to other members."
    )
    region = forms.ModelChoiceField(queryset=Region.objects.all(), required=False, empty_label="Choose your region")

    def signup(self, request, user) -> None:
        Profile.objects.update_or_create(
            user=user,
            defaults={"display_name": self.cleaned_data["display_name"], "region": self.cleaned_data.get("region")},
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "party_unit", "position", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = "Choose your region"


class MemberDecisionForm(forms.Form):
    """One moderation decision on the members page."""

    ACTIONS = [("approve", "Approve"), ("decline", "Decline"), ("set_role", "Change role"), ("remove", "Remove")]

    membership = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS)
    role = forms.ChoiceField(choices=NetworkMembership.Role.choices, required=False)
    reason = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
