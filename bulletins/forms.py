"""Forms for bulletin preferences and a network's bulletin settings; every value is checked here."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bulletins.selectors import BulletinChoice


class BulletinPreferencesForm(forms.Form):
    """Which bulletins I receive: one checkbox per network I belong to and per commission whose circle I am in."""

    receive = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Send me bulletins from"),
        error_messages={"invalid_choice": _("You can only choose bulletins from your own networks and commissions.")},
    )

    def __init__(self, *args, choices: list[BulletinChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["receive"].choices = [(choice.key, choice.title) for choice in choices]
        self.fields["receive"].initial = [choice.key for choice in choices if choice.receives]


def build_preference_form(user, data=None) -> BulletinPreferencesForm:
    """The bulletins section of the email preferences page (its fields are prefixed "bulletins-")."""
    from bulletins.selectors import bulletin_choices

    return BulletinPreferencesForm(data, choices=bulletin_choices(user), prefix="bulletins")


class BulletinSettingsForm(forms.Form):
    new_members_receive = forms.BooleanField(
        required=False,
        label=_("Members who join from now on receive this network's bulletins"),
        help_text=_("Members who are already in the network keep their current choice. "
        "Everyone can change their own choice on their email preferences page."),
    )
