"""Forms for local policy forums and coordinators' events: organising, finding, registering, running them.

Forms check the shape of what was typed (a date is a date, a number a
number); the rules (a forum in the past, an end before its start, a post code
that is not one) are the actions', whose refusals the views show on the same
form with everything typed kept.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from commissions import attachments
from commissions.actions.forums import ForumDraft
from commissions.models import ConsultationDocument, Forum, WorkProgrammeIssue
from networks.idempotency import IdempotencyKeyField
from networks.models import Constituency, PartyUnit, Region
from networks.permissions import can, permitted

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as the browser's date-and-time picker sends it (or typed as 14/05/2026 19:00)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_FORMATS)
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Enter a date and time, such as 14/05/2026 19:00."),
                "required": _("Give the date and time."),
            },
        )
        super().__init__(**kwargs)


def topic_choices(commission=None) -> tuple[list, dict]:
    """Grouped choices "issue:<pk>" / "document:<pk>" (this year's work programmes, open documents), and a lookup."""
    issues = WorkProgrammeIssue.objects.select_related("commission").order_by("commission__name", "-year", "sort_order")
    documents = ConsultationDocument.objects.select_related("commission").filter(is_open=True).order_by(
        "commission__name", "-year", "stage"
    )
    if commission is not None:
        issues, documents = issues.filter(commission=commission), documents.filter(commission=commission)
    lookup: dict[str, tuple] = {}
    groups: dict[str, list] = {}
    for issue in issues:
        key = f"issue:{issue.pk}"
        lookup[key] = (issue, None)
        groups.setdefault(issue.commission.name, []).append((key, f"{issue.title} ({issue.year})"))
    for document in documents:
        key = f"document:{document.pk}"
        lookup[key] = (None, document)
        groups.setdefault(document.commission.name, []).append(
            (key, f"{document.title} ({document.get_stage_display()})")
        )
    return [("", _("Choose an issue or a consultation document"))] + sorted(groups.items()), lookup


class EventDetailsForm(forms.Form):
    """What every forum and coordinators' event has: what, when, where, how many, who to contact."""

    title = forms.CharField(label=_("Title"), max_length=200)
    idempotency_key = IdempotencyKeyField()
    description = forms.CharField(
        label=_("What it is about"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
        help_text=_("You can use Markdown: **bold**, lists, links."),
    )
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    venue = forms.CharField(
        label=_("Address"), required=False, max_length=400, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where it meets. Leave empty for an online-only meeting."),
    )
    postcode = forms.CharField(label=_("Post code"), required=False, max_length=10)
    online_url = forms.CharField(
        label=_("Online link"), required=False, max_length=500,
        help_text=_("The video-call link, if people can join online."),
    )
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, max_value=100000,
        help_text=_("Leave empty for no limit. Past it, people join a waiting list."),
        error_messages={"min_value": _("Give 1 place or more, or leave it empty for no limit.")},
    )
    organiser_contact = forms.CharField(
        label=_("Organiser's contact"), max_length=200,
        help_text=_("A phone number or email address; only people who registered see it."),
    )

    def draft(self, **extra) -> ForumDraft:
        data = self.cleaned_data
        return ForumDraft(
            title=data["title"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data.get("venue", ""),
            postcode=data.get("postcode", ""),
            online_url=data.get("online_url", ""),
            capacity=data.get("capacity"),
            organiser_contact=data["organiser_contact"],
            **extra,
        )

    @staticmethod
    def initial_from(forum: Forum) -> dict:
        fields = ("title", "description", "starts_at", "ends_at", "venue", "postcode", "online_url", "capacity",
                  "organiser_contact", "questions", "openness", "kind")
        initial = {name: getattr(forum, name) for name in fields}
        initial["unit"] = forum.unit_id
        initial["region"] = forum.region_id or ""
        initial["topic"] = f"issue:{forum.issue_id}" if forum.issue_id else (
            f"document:{forum.document_id}" if forum.document_id else ""
        )
        return initial


class ForumForm(EventDetailsForm):
    unit = forms.ModelChoiceField(
        label=_("Party unit holding the forum"), queryset=PartyUnit.objects.none(), empty_label=_("Choose the unit"),
    )
    topic = forms.ChoiceField(
        label=_("What will it discuss?"),
        help_text=_("A work-programme issue or an open consultation document; the report goes to its commission."),
    )
    questions = forms.CharField(
        label=_("Which of its questions"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line, as the issue or document asks them."),
    )
    openness = forms.ChoiceField(
        label=_("Open to"), widget=forms.RadioSelect, initial=Forum.Openness.MEMBERS,
        choices=[
            (Forum.Openness.UNIT, _("Members of the unit")),
            (Forum.Openness.MEMBERS, _("All party members")),
            (Forum.Openness.COMMUNITY, _("The wider community too (anyone may register with a name and email)")),
        ],
    )

    field_order = ["unit", "title", "topic", "questions", "description", "starts_at", "ends_at", "venue", "postcode",
                   "online_url", "capacity", "openness", "organiser_contact"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = permitted(user, "organise_forum").order_by("name")
        self.fields["topic"].choices, self.topics = topic_choices()

    def draft(self) -> ForumDraft:
        issue, document = self.topics.get(self.cleaned_data["topic"], (None, None))
        return super().draft(
            unit=self.cleaned_data["unit"], issue=issue, document=document,
            questions=self.cleaned_data.get("questions", ""), openness=self.cleaned_data["openness"],
        )


class CoordinatorEventForm(EventDetailsForm):
    kind = forms.ChoiceField(
        label=_("Kind of event"), widget=forms.RadioSelect, initial=Forum.Kind.BRIEFING,
        choices=[(Forum.Kind.BRIEFING, _("Briefing")), (Forum.Kind.TRAINING, _("Training"))],
    )
    region = forms.ChoiceField(label=_("For the coordinators of"))

    field_order = ["kind", "region", "title", "description", "starts_at", "ends_at", "venue", "postcode",
                   "online_url", "capacity", "organiser_contact"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {str(region.pk): region for region in permitted(user, "schedule_coordinator_event").order_by("name")}
        national = [("", _("Every region (a national event)"))] if can(user, "schedule_coordinator_event", None) else []
        self.fields["region"].choices = national + [(pk, region.name) for pk, region in self.regions.items()]
        self.fields["region"].required = not national

    def draft(self) -> ForumDraft:
        return super().draft(kind=self.cleaned_data["kind"], region=self.regions.get(self.cleaned_data["region"]))


class CancelForumForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone registered is told, with this reason."),
    )


class GuestRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send a link to confirm your place. We use it for this forum only and never show it publicly."),
        error_messages={"invalid": _("Enter an email address such as name@example.org.")},
    )
    follows_outcome = forms.BooleanField(
        label=_("Tell me what happens to the forum's report"), required=False,
        help_text=_("You will get an email each time the policy commission moves it on, and its response. "
                    "Every email has a link to stop them."),
    )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who came"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone on the register who attended."),
    )
    walk_ins = forms.IntegerField(
        label=_("People who came without registering"), min_value=0, max_value=100000, initial=0,
        error_messages={"min_value": _("Give 0 or more.")},
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(r.pk), r.display_name if r.is_member else _("%(name)s (community)") % {"name": r.display_name})
            for r in registrations
        ]

    @property
    def attended_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["attended"]}


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent by email to everyone registered or on the waiting list. Each forum sends one message."),
    )


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, min_length=5)
    text = forms.CharField(
        label=_("What the forum said"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("The forum's views and proposals for the commission. You can use Markdown."),
    )
    attachment = forms.FileField(
        label=_("Attachment"), required=False, help_text=_("Optional: one PDF or Word (DOCX) file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            try:
                attachments.check(upload)
            except attachments.AttachmentRefused as refusal:
                raise ValidationError(str(refusal)) from None
        return upload


class ForumFinderForm(forms.Form):
    """The filters on /forums/: a post code, or a region, constituency, topic and dates."""

    postcode = forms.CharField(
        label=_("Your post code"), required=False, max_length=10,
        help_text=_("Finds forums in your constituency. Its first half (such as WA2) is enough."),
    )
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=Region.objects.all(),
                                    empty_label=_("Every region"))
    constituency = forms.ModelChoiceField(
        label=_("Constituency"), required=False, queryset=Constituency.objects.select_related("region"),
        empty_label=_("Every constituency"),
    )
    topic = forms.ChoiceField(label=_("Issue or document"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": _("Enter a date, such as 14/05/2026.")},
                                input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": _("Enter a date, such as 14/05/2026.")},
                              input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices, self.topics = topic_choices()
        self.fields["topic"].choices = [("", _("Every issue and document"))] + choices[1:]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the range is before its start."))
        return data
