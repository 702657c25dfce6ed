"""Forms for a commission's dialogue sessions: scheduling one, a unit's answer, and the note afterwards."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commissions.actions.dialogue import DialogueDraft
from commissions.forms.forums import LocalDateTimeField
from commissions.models import DialogueSession
from networks.idempotency import IdempotencyKeyField


class SubmissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, submission) -> str:
        return f"{submission.unit.name}: {submission.reference} “{submission.title}” ({submission.status_label})"


class DialogueSessionForm(forms.Form):
    idempotency_key = IdempotencyKeyField()
    title = forms.CharField(label=_("Title"), max_length=200)
    medium = forms.ChoiceField(label=_("Held by"), choices=DialogueSession.Medium.choices, widget=forms.RadioSelect,
                               initial=DialogueSession.Medium.PHONE)
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    joining_details = forms.CharField(
        label=_("How to join"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The dial-in number and PIN, or the video link. Only those attending see it."),
    )
    agenda = forms.CharField(label=_("Agenda"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("You can use Markdown: numbered lists suit an agenda."))
    submissions = SubmissionChoiceField(
        label=_("Submissions to discuss"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("The unit of each submission ticked is invited. All are ticked to begin with."),
        error_messages={"required": _("Choose at least one submission to discuss: its unit is invited.")},
    )

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submissions"].queryset = submissions
        if not self.is_bound:
            self.fields["submissions"].initial = [submission.pk for submission in submissions]

    def draft(self) -> DialogueDraft:
        data = self.cleaned_data
        return DialogueDraft(
            title=data["title"], medium=data["medium"], starts_at=data["starts_at"], ends_at=data["ends_at"],
            joining_details=data["joining_details"], agenda=data["agenda"],
        )


class InvitationResponseForm(forms.Form):
    attending = forms.TypedChoiceField(
        label=_("Will your unit attend?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes, we will attend")), ("no", _("No, we cannot attend"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Say whether your unit will attend.")},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note of the session"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was discussed and agreed. Published on the session's page and linked from each "
                    "submission discussed; their followers are told."),
    )
