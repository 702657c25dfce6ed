"""The no-JavaScript question form; the live page sends the same fields over the socket."""

import uuid

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class SubmitForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Moderators read each question before it is shown; the host answers the most wanted first."),
    )
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, chat=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_id", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        limit = settings.CHAT_MAX_TEXT_CHARS
        self.fields["text"].max_length = limit
        self.fields["text"].validators.append(MaxLengthValidator(limit))
        self.fields["text"].widget.attrs["maxlength"] = limit
        if chat is not None and not chat.is_qa:
            self.fields["text"].label = _("Your message")
            self.fields["text"].help_text = _("Messages appear at once. Please keep to the chat's topic.")
