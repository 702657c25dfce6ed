"""Forms for discussions. They check shape and length so errors sit by their field;
the actions check everything again (they are also called from elsewhere)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from discussions import actions
from discussions.models import EmailPreference, Flag, NetworkFollow
from networks.idempotency import IdempotencyKeyField
from networks.ids import RecordChoiceField
from networks.models import NetworkPage


def _body_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=help_text
        or _(
            "Markdown works: **bold**, *italic*, > quote, - lists, [links](https://…). Mention a member with @ and "
            "their handle, shown on their profile (e.g. @aisha.member)."
        ),
        error_messages={"required": _("Please write something before posting.")},
    )


def _check_length(value: str) -> str:
    value = (value or "").strip()
    limit = actions.max_post_length()
    if not value:
        raise forms.ValidationError(_("Please write something before posting."))
    if len(value) > limit:
        raise forms.ValidationError(
            gettext("Posts can be at most %(limit)s characters; yours has %(length)s. Please shorten it or split it in two.")
            % {"limit": f"{limit:,}", "length": f"{len(value):,}"}
        )
    return value


class TagsField(forms.CharField):
    """Comma-separated tags, returned as a list."""

    def to_python(self, value):
        value = super().to_python(value) or ""
        return [part.strip() for part in value.split(",") if part.strip()]

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=1000,
        help_text=_("What the thread is about, in a few words."),
        error_messages={"required": _("Please give the thread a title.")},
    )
    body = _body_field(_("Your post"))
    tags = TagsField(
        label=_("Tags"),
        required=False,
        help_text=_("Optional, separated by commas, e.g. NHS, social care."),
    )
    idempotency_key = IdempotencyKeyField()

    def clean_title(self):
        try:
            return actions.clean_title(self.cleaned_data["title"])
        except actions.ActionRefused as refusal:
            raise forms.ValidationError(refusal.message) from None

    def clean_body(self):
        return _check_length(self.cleaned_data["body"])

    def clean_tags(self):
        try:
            return actions.clean_tags(self.cleaned_data["tags"])
        except actions.ActionRefused as refusal:
            raise forms.ValidationError(refusal.message) from None


class ReplyForm(forms.Form):
    body = _body_field(_("Your reply"))
    idempotency_key = IdempotencyKeyField()
    # Carried back to the page as typed; the view reads it with parse_id (a bad id replies to nothing).
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(
        label=_("Post as an official response from my commission"),
        required=False,
        help_text=_("Official responses are highlighted and listed at the top of the thread."),
    )

    def __init__(self, *args, may_post_official: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_post_official:
            del self.fields["official"]

    def clean_body(self):
        return _check_length(self.cleaned_data["body"])


class EditPostForm(forms.Form):
    body = _body_field(_("Text"))

    def clean_body(self):
        return _check_length(self.cleaned_data["body"])


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with this post?"), choices=Flag.Reason.choices, widget=forms.RadioSelect)
    detail = forms.CharField(
        label=_("Anything the moderators should know"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required if you choose “Something else”."),
    )
    idempotency_key = IdempotencyKeyField()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Flag.Reason.OTHER and not (cleaned.get("detail") or "").strip():
            self.add_error("detail", gettext("Please tell the moderators what is wrong with the post."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (recorded in the moderation log)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please give a reason: it is recorded in the moderation log.")},
    )

    def __init__(self, *args, what: str = "", **kwargs):
        """`what` names the decision ("locking", "pinning"), so several reason fields on one page are told apart."""
        super().__init__(*args, **kwargs)
        if what:
            self.fields["reason"].label = f"Reason for {what} (recorded in the moderation log)"


class MoveForm(ReasonForm):
    destination = RecordChoiceField(
        label=_("Move to network"), queryset=NetworkPage.objects.none(), empty_label=_("Choose a network")
    )
    lockout_confirmed = forms.BooleanField(
        label=_("Move it anyway"),
        required=False,
        help_text=_("Needed when people who took part cannot read the network it moves to; they will be told."),
    )

    def __init__(self, *args, destinations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = destinations if destinations is not None else NetworkPage.objects.none()
        self.order_fields(["destination", "reason", "lockout_confirmed"])


class EmailPreferenceForm(forms.Form):
    notifications = forms.ChoiceField(
        label=_("Discussion notifications by email"),
        choices=EmailPreference.Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_("Notifications always appear on the site; this chooses how they reach your inbox."),
    )
    digest_day = forms.TypedChoiceField(
        label=_("Day of the weekly digest"),
        choices=EmailPreference.Day.choices,
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Used when you choose the weekly digest; it arrives in the morning of that day."),
        error_messages={"invalid_choice": _("Please choose a day of the week, Monday to Sunday.")},
    )


class NetworkLevelsForm(forms.Form):
    """One choice per network the member belongs to or has set a level for: what reaches them from it."""

    def __init__(self, data=None, *, networks=(), initial_levels=None, **kwargs):
        super().__init__(data, **kwargs)
        initial_levels = initial_levels or {}
        self.networks = list(networks)
        for network in self.networks:
            self.fields[f"network_{network.pk}"] = forms.ChoiceField(
                label=network.title,
                choices=NetworkFollow.Level.choices,
                initial=initial_levels.get(network.pk, NetworkFollow.Level.MENTIONS),
                required=False,  # a network left out of the POST keeps its level
                error_messages={"invalid_choice": _("Please choose one of the levels listed.")},
            )

    def levels(self) -> list[tuple[NetworkPage, str]]:
        return [
            (network, self.cleaned_data[f"network_{network.pk}"])
            for network in self.networks
            if self.cleaned_data.get(f"network_{network.pk}")
        ]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search discussions"), max_length=200, required=False)
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=NetworkPage.objects.none(), required=False, empty_label=_("All networks"),
        to_field_name="slug",
    )
    tag = forms.CharField(label=_("Tag"), max_length=40, required=False)

    def __init__(self, *args, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks if networks is not None else NetworkPage.objects.none()
