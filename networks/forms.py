"""Forms for accounts, network membership decisions and the Coordinators Network (with UK post code and phone checks)."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networks.ids import IdField, RecordChoiceField
from networks.models import Constituency, Coordinator, NetworkMembership, PartyUnit, Profile, Region


class DisplayNameField(forms.CharField):
    """A member's name as others see it: one line of printable text.

    A line break or control character in a name reached the subjects of every
    email naming the member, where Django refuses it as header injection; so it is
    refused here with a plain message, and what was typed is kept in the form.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault("help_text", _("How your name appears to other members."))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not all(character.isprintable() for character in value):
            raise ValidationError(
                _("Your display name must be one line of ordinary characters: no line breaks, tabs or control characters."),
                code="single_line",
            )


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth calls `signup()` once the user exists."""

    display_name = DisplayNameField()
    region = RecordChoiceField(queryset=Region.objects.all(), required=False, empty_label=_("Choose your region"))

    def signup(self, request, user) -> None:
        Profile.objects.update_or_create(
            user=user,
            defaults={"display_name": self.cleaned_data["display_name"], "region": self.cleaned_data.get("region")},
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "region", "language"]
        field_classes = {"display_name": DisplayNameField, "region": RecordChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("Choose your region")
        self.fields["language"].choices = [("", _("The site's default (English)")), *settings.LANGUAGES]


class MemberDecisionForm(forms.Form):
    """One moderation decision on the members page."""

    ACTIONS = [("approve", "Approve"), ("decline", "Decline"), ("set_role", "Change role"), ("remove", "Remove")]

    membership = IdField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS)
    role = forms.ChoiceField(choices=NetworkMembership.Role.choices, required=False)
    reason = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def clean_uk_postcode(value: str) -> str:
    """A UK post code in capitals with one space before the inward code, e.g. "SW1A 0AA"."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not POSTCODE.match(compact):
        raise ValidationError(_("Enter a UK post code, for example SW1A 0AA."))
    return f"{compact[:-3]} {compact[-3:]}"


def clean_uk_phone(value: str, *, mobile: bool = False) -> str:
    """A UK phone number, written 0… (a +44 prefix is accepted): 10 or 11 digits; mobiles start 07."""
    value = (value or "").strip()
    if not value:
        return ""
    if re.search(r"[^0-9+()\s-]", value):
        raise ValidationError(_("Use only digits, spaces and an optional +44, for example 0161 496 0000."))
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        if not digits.startswith("44"):
            raise ValidationError(_("Enter a UK number: start with 0 or +44."))
        digits = "0" + digits[2:].removeprefix("0")
    if not digits.startswith("0") or len(digits) not in (10, 11):
        raise ValidationError(_("Enter a UK number of 10 or 11 digits starting with 0, for example 0161 496 0000."))
    if mobile and not (digits.startswith("07") and len(digits) == 11):
        raise ValidationError(_("Enter a UK mobile number: 11 digits starting 07, for example 07700 900123."))
    return digits


class CoordinatorForm(forms.ModelForm):
    """The briefing's sign-up details for the PiP Coordinators Network."""

    unit = RecordChoiceField(
        queryset=PartyUnit.objects.select_related("region"),
        label=_("Party unit"),
        empty_label=_("Choose your CLP, branch, trade union or society"),
    )
    constituency = RecordChoiceField(
        queryset=Constituency.objects.select_related("region"),
        empty_label=_("Choose the constituency you will cover"),
        help_text=_("We aim for at least one coordinator in every constituency."),
    )

    class Meta:
        model = Coordinator
        fields = [
            "full_name", "address", "postcode", "unit", "position", "constituency",
            "email", "mobile_phone", "home_phone", "office_phone",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "mobile_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "home_phone": forms.TextInput(attrs={"type": "tel"}),
            "office_phone": forms.TextInput(attrs={"type": "tel"}),
        }
        labels = {"mobile_phone": _("Mobile"), "home_phone": _("Home phone"), "office_phone": _("Office phone")}
        help_texts = {
            "position": _("Your position in that unit, e.g. secretary, policy officer, member."),
            "address": _("Only party staff see your address and phone numbers."),
        }

    def clean_postcode(self) -> str:
        return clean_uk_postcode(self.cleaned_data.get("postcode", ""))

    def clean_mobile_phone(self) -> str:
        return clean_uk_phone(self.cleaned_data.get("mobile_phone", ""), mobile=True)

    def clean_home_phone(self) -> str:
        return clean_uk_phone(self.cleaned_data.get("home_phone", ""))

    def clean_office_phone(self) -> str:
        return clean_uk_phone(self.cleaned_data.get("office_phone", ""))

    def clean(self):
        data = super().clean()
        phones = [data.get(name) for name in ("mobile_phone", "home_phone", "office_phone")]
        if not any(phones) and not any(name in self.errors for name in ("mobile_phone", "home_phone", "office_phone")):
            self.add_error("mobile_phone", gettext("Give at least one contact telephone number: mobile, home or office."))
        return data


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        max_length=10,
        help_text=_("Your posts stay, attributed to “former member”. Everything else about you is removed."),
    )

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"].strip().upper() != "DELETE":
            raise ValidationError(_("Type the word DELETE to confirm; nothing has been deleted."))
        return "DELETE"


class VerifyMembershipForm(forms.Form):
    """The three details a member checks against the party's membership list."""

    membership_number = forms.CharField(
        label=_("Membership number"),
        max_length=20,
        help_text=_("On your membership card and in your renewal emails, for example L1234567."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    surname = forms.CharField(
        label=_("Surname"),
        max_length=80,
        help_text=_("As the party has it on your membership record."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    postcode = forms.CharField(
        label=_("Post code"),
        max_length=10,
        help_text=_("The post code of the address your membership is registered at."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )


class MembershipListImportForm(forms.Form):
    """Staff upload the membership system's CSV export; the first step is always a dry run."""

    csv_file = forms.FileField(
        label=_("Membership list (CSV)"),
        help_text=_(
            "The membership system's export, saved as CSV UTF-8. Columns: membership_number, first_name, "
            "last_name, postcode, email, clp, branch, status, expires_on."
        ),
    )

    MAX_BYTES = 50 * 1024 * 1024

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 50 MB: split it by region."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("Upload a .csv file (in your spreadsheet: Save as › CSV UTF-8)."))
        return upload


class SuspendForm(forms.Form):
    """Staff suspend an account: whose, why, until when (or until lifted), and whether to hide their posts now."""

    member = forms.CharField(
        label=_("Member's handle"),
        max_length=150,
        help_text=_("As shown on their profile and in @mentions, e.g. aisha.member."),
        error_messages={"required": _("Please give the handle of the member to suspend.")},
    )
    reason = forms.CharField(
        label=_("Reason (emailed to the member and recorded in the moderation log)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please give a reason: the member is told it, and it is recorded in the moderation log.")},
    )
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The suspension ends at the start of this day (site time). Leave empty to suspend until you lift it."),
        error_messages={"invalid": _("Please give the date as a day, month and year, e.g. 2027-01-31.")},
    )
    hide_posts = forms.BooleanField(
        label=_("Hide all their posts now, pending review"),
        required=False,
        help_text=_("You can show them again in one step from the suspension's page."),
    )

    def clean_member(self):
        from django.contrib.auth import get_user_model

        handle = self.cleaned_data["member"].strip().lstrip("@")
        member = get_user_model().objects.filter(username__iexact=handle).first() if "\x00" not in handle else None
        if member is None:
            raise ValidationError(_("No member has the handle “%(handle)s”.") % {"handle": handle})
        return member

    def clean_ends_on(self):
        from datetime import datetime, time

        from django.utils import timezone

        ends_on = self.cleaned_data["ends_on"]
        if ends_on is None:
            return None
        if ends_on <= timezone.localdate():
            raise ValidationError(_("The end of a suspension must be a day after today; leave it empty to suspend until you lift it."))
        try:
            return timezone.make_aware(datetime.combine(ends_on, time.min))
        except (OverflowError, ValueError):
            raise ValidationError(_("Please give a date within the next few years.")) from None


class LiftSuspensionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for ending it early (recorded in the moderation log)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please give a reason: it is recorded in the moderation log.")},
    )
    restore_posts = forms.BooleanField(
        label=_("Show again the posts hidden for this suspension"), required=False
    )
