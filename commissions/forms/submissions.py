"""Forms for submissions, status changes, assignments and amendments.

Every form validates on the server and, when it fails, is shown again with
what the member typed (a browser cannot refill a file input, so the message
says to choose the file again).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from commissions import attachments
from commissions.actions import NEXT_STATUSES, SubmissionDraft
from commissions.models import (
    Amendment,
    ConsultationDocument,
    Submission,
    Theme,
    WorkProgrammeIssue,
)
from networks.idempotency import IdempotencyKeyField
from networks.ids import RecordChoiceField
from networks.models import PartyUnit, PolicyCommission, Region, UnitMembership
from networks.permissions import can


def attachment_max_bytes() -> int:
    return attachments.max_bytes()


class SubmissionForm(forms.Form):
    on_behalf = forms.ChoiceField(label=_("Submitting for"), widget=forms.RadioSelect)
    region = RecordChoiceField(
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Choose your region"),
        label=_("Your region"),
        help_text=_("Used when you submit for yourself; a unit's submission goes to the unit's region."),
    )
    topic = forms.ChoiceField(label=_("What is it about?"), help_text=_("A work-programme issue or an open consultation document."))
    kind = forms.ChoiceField(
        label=_("Type of submission"), choices=Submission.Kind.choices, initial=Submission.Kind.SUBMISSION, widget=forms.RadioSelect
    )
    title = forms.CharField(
        max_length=200, min_length=5, error_messages={"min_length": _("Give your submission a title of at least 5 characters.")}
    )
    text = forms.CharField(
        label=_("Your submission"), widget=forms.Textarea(attrs={"rows": 12}), max_length=20000,
        help_text=_("You can use Markdown: **bold**, lists, links."),
    )
    attachment = forms.FileField(
        required=False,
        help_text=_("Optional: one PDF or Word (DOCX) file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}),
    )
    forum_held_on = forms.DateField(
        label=_("Date the forum was held"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a local policy forum report."),
    )
    forum_attendees = forms.IntegerField(
        label=_("Number of attendees"), required=False, min_value=1, max_value=100000,
        help_text=_("For a local policy forum report."),
    )
    community_took_part = forms.TypedChoiceField(
        label=_("Did the wider community take part?"),
        required=False,
        choices=[("", _("Not a forum report")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )
    idempotency_key = IdempotencyKeyField()

    may_name_unit = forms.BooleanField(
        label=_("Name our party unit in “You said, we did”"),
        required=False,
        help_text=_(
            "When the commission responds, its public page shows the response and any document your submission "
            "shaped. Tick this to be named there with your submission's title; otherwise it says only, for example, "
            "“A Constituency Labour Party in North West”. Members writing for themselves are never named."
        ),
    )

    def __init__(self, *args, user, commission: PolicyCommission, **kwargs):
        super().__init__(*args, **kwargs)
        self.commission = commission
        # A member's CLP comes first (and is the default), then branches, unions and societies; only the units
        # where they hold an office, since only officers speak for a unit.
        kinds = list(PartyUnit.Kind.values)
        # Speaking for a unit also rests on a verified membership; without one a member submits for themself.
        memberships = sorted(
            UnitMembership.objects.filter(user=user).select_related("unit__region")
            if can(user, "act_as_party_member")
            else [],
            key=lambda m: (kinds.index(m.unit.kind), m.unit.name),
        )
        self.memberships = [m for m in memberships if m.is_officer]
        not_officer = [m.unit.name for m in memberships if not m.is_officer]
        if not_officer:
            self.fields["on_behalf"].help_text = ngettext(
                "Only a unit's officers submit in its name, so %(units)s is not offered: you can submit for yourself.",
                "Only a unit's officers submit in its name, so %(units)s are not offered: you can submit for yourself.",
                len(not_officer),
            ) % {"units": ", ".join(not_officer)}
        self.fields["on_behalf"].choices = [("me", _("Myself"))] + [
            (str(m.unit.pk), f"{m.unit.name} ({m.position})") for m in self.memberships
        ]
        self.fields["on_behalf"].initial = str(self.memberships[0].unit.pk) if self.memberships else "me"
        profile = getattr(user, "profile", None)
        if profile is not None and profile.region_id:
            self.fields["region"].initial = profile.region_id
        self.issues = list(WorkProgrammeIssue.objects.filter(commission=commission).order_by("-year", "sort_order"))
        self.documents = list(ConsultationDocument.objects.filter(commission=commission))
        issue_choices = [(f"issue:{issue.pk}", f"{issue.title} ({issue.year})") for issue in self.issues]
        document_choices = [
            (f"document:{doc.pk}", f"{doc.title} ({doc.get_stage_display()}, {doc.year})")
            for doc in self.documents
            if doc.is_open
        ]
        self.fields["topic"].choices = [("", gettext("Choose an issue or a document"))] + [
            group for group in ((gettext("Work programme"), issue_choices), (gettext("Consultation documents"), document_choices)) if group[1]
        ]

    def _topic(self, value: str):
        prefix, _, pk = value.partition(":")
        if prefix == "issue":
            return next((issue for issue in self.issues if str(issue.pk) == pk), None), None
        if prefix == "document":
            return None, next((doc for doc in self.documents if str(doc.pk) == pk), None)
        return None, None

    def full_clean(self):
        # A document that closed after the form was shown is still a valid choice, so the
        # action can say plainly that it has closed rather than "select a valid choice".
        if self.is_bound:
            value = self.data.get(self.add_prefix("topic"), "")
            if value.startswith("document:") and value not in dict(self.fields["topic"].choices):
                issue, document = self._topic(value)
                if document is not None:
                    self.fields["topic"].choices = [*self.fields["topic"].choices, (value, document.title)]
        super().full_clean()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            try:
                attachments.check(upload)
            except attachments.AttachmentRefused as refusal:
                raise ValidationError(str(refusal)) from None
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == Submission.Kind.FORUM_REPORT:
            if not data.get("forum_held_on") and "forum_held_on" not in self.errors:
                self.add_error("forum_held_on", gettext("Give the date the local policy forum was held."))
            elif data.get("forum_held_on") and data["forum_held_on"] > timezone.localdate():
                self.add_error("forum_held_on", gettext("The forum's date cannot be in the future: report a forum once it has been held."))
            if data.get("forum_attendees") is None and "forum_attendees" not in self.errors:
                self.add_error("forum_attendees", gettext("Give the number of people who attended."))
            if data.get("community_took_part") is None:
                self.add_error("community_took_part", gettext("Say whether the wider community took part."))
        if data.get("on_behalf") == "me" and not data.get("region"):
            self.add_error("region", gettext("Choose your region, so your submission reaches the right regional office."))
        if self.errors.get("attachment") is None and self.files.get(self.add_prefix("attachment")) and self.errors:
            self.add_error(None, gettext("Please choose your attachment again: browsers cannot keep a file after an error."))
        return data

    def draft(self) -> SubmissionDraft:
        data = self.cleaned_data
        issue, document = self._topic(data["topic"])
        unit = next((m.unit for m in self.memberships if str(m.unit.pk) == data["on_behalf"]), None)
        return SubmissionDraft(
            title=data["title"],
            text=data["text"],
            kind=data["kind"],
            unit=unit,
            region=data.get("region"),
            issue=issue,
            document=document,
            attachment=data.get("attachment") or None,
            forum_held_on=data.get("forum_held_on"),
            forum_attendees=data.get("forum_attendees"),
            community_took_part=data.get("community_took_part"),
            may_name_unit=bool(data.get("may_name_unit")) and unit is not None,
        )


class StatusForm(forms.Form):
    """The commission's next step for one submission."""

    status = forms.ChoiceField(label=_("New status"))
    response = forms.CharField(
        label=_("Response to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_("Needed for “Responded”: posted in the dialogue as the commission's official response. It is also "
        "shown on the commission's public page under “You said, we did”, where the unit is named only if it agreed, "
        "so write it without naming the unit."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Needed for “Not taken forward”."),
    )
    reflected_in = RecordChoiceField(
        queryset=ConsultationDocument.objects.none(),
        required=False,
        label=_("Reflected in document"),
        empty_label=_("Choose a document"),
        help_text=_("Needed for “Reflected in a document”."),
    )

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, **kwargs)
        # Every status is a valid choice so an out-of-order one reaches the action and gets its message.
        self.fields["status"].choices = Submission.Status.choices
        self.next_statuses = NEXT_STATUSES[submission.status]
        self.fields["status"].widget.choices = [
            (value, label) for value, label in Submission.Status.choices if value in self.next_statuses
        ]
        self.fields["reflected_in"].queryset = ConsultationDocument.objects.filter(commission=submission.commission)
        if not self.is_bound:
            # Offer only what the next steps need; a bound form keeps every field so nothing typed is lost.
            needs = {"response": Submission.Status.RESPONDED, "reason": Submission.Status.NOT_TAKEN_FORWARD, "reflected_in": Submission.Status.REFLECTED}
            for name, status in needs.items():
                if status not in self.next_statuses:
                    del self.fields[name]


class AssignForm(forms.Form):
    assignee = RecordChoiceField(queryset=get_user_model().objects.none(), required=False, label=_("Assign to"), empty_label=_("Nobody"))

    def __init__(self, *args, commission: PolicyCommission, members: list | None = None, **kwargs):
        """`members`, when given, are the commission's members already fetched (one query per queue page)."""
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = get_user_model().objects.filter(commission_memberships__commission=commission)
        if members is None:
            members = list(field.queryset.select_related("profile").order_by("profile__display_name"))
        field.choices = [("", "Nobody")] + [(user.pk, member_name(user)) for user in members]


def member_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_username()


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    idempotency_key = IdempotencyKeyField()
    official = forms.BooleanField(
        label=_("This is the commission's official response"),
        required=False,
        help_text=_(
            "Tick only for the commission's answer: it is badged “Official response” and the submitter and followers "
            "are told the commission has responded. Leave it unticked for a holding reply or a question."
        ),
    )

    def __init__(self, *args, may_post_official: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_post_official:
            del self.fields["official"]


SEARCH_MAX_CHARS = 200

QUEUE_SORTS = {
    "newest": (_("Newest first"), ("-created_at", "-id")),
    "oldest": (_("Oldest first"), ("created_at", "id")),
    "reference": (_("Reference"), ("commission__code", "year", "number")),
    "backing": (_("Most backed"), ("-backing_count", "-created_at", "-id")),
    "changed": (_("Recently changed"), ("-status_changed_at", "-id")),
}
"""The queue's orders: label and the columns behind it (each ends on a unique column, so pages never overlap)."""


class QueueFilterForm(forms.Form):
    """Filters for a queue or a unit's list; every field optional.

    On a page an invalid value is shown as an error beside its field and the
    other filters still apply (`apply`); an export refuses an invalid filter
    with its message (`errors_as_text`) rather than export something else.
    """

    q = forms.CharField(
        label=_("Search"), required=False, max_length=SEARCH_MAX_CHARS,
        help_text=_("Words in the title, the text, the reference or the unit's name."),
    )
    status = forms.ChoiceField(
        required=False, choices=[("", _("Any status")), ("overdue", _("Overdue")), *Submission.Status.choices]
    )
    issue = RecordChoiceField(queryset=WorkProgrammeIssue.objects.none(), required=False, empty_label=_("Any issue"))
    region = RecordChoiceField(queryset=Region.objects.all(), required=False, empty_label=_("Any region"))
    unit_kind = forms.ChoiceField(
        required=False, label=_("Unit type"),
        choices=[("", _("Any")), ("member", _("Individual member")), *PartyUnit.Kind.choices],
    )
    theme = RecordChoiceField(queryset=Theme.objects.none(), required=False, label=_("Theme"), empty_label=_("Any theme"))
    assigned = forms.ChoiceField(
        required=False, label=_("Assigned to"),
        choices=[("", _("Anyone or nobody")), ("me", _("Me")), ("nobody", _("Nobody"))],
    )
    sort = forms.ChoiceField(
        required=False, label=_("Sort by"), choices=[(key, label) for key, (label, _columns) in QUEUE_SORTS.items()]
    )

    def __init__(self, *args, issues=None, show_region: bool = True, themes=None, show_assigned: bool = False,
                 searchable: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = issues if issues is not None else WorkProgrammeIssue.objects.all()
        if not show_region:
            del self.fields["region"]
        if themes is None:
            del self.fields["theme"]
        else:
            self.fields["theme"].queryset = themes
        if not show_assigned:
            del self.fields["assigned"]
        if not searchable:
            for name in ("q", "sort"):
                del self.fields[name]

    def apply(self, submissions, user=None):
        """Apply every filter that is valid; a stale or mistyped one is shown as an error, never an error page."""
        if not self.is_bound:
            return submissions
        self.is_valid()
        data = self.cleaned_data
        if data.get("status") == "overdue":
            submissions = submissions.overdue()
        elif data.get("status"):
            submissions = submissions.filter(status=data["status"])
        if data.get("issue"):
            submissions = submissions.filter(issue=data["issue"])
        if data.get("region"):
            submissions = submissions.filter(region=data["region"])
        if data.get("unit_kind") == "member":
            submissions = submissions.filter(unit__isnull=True)
        elif data.get("unit_kind"):
            submissions = submissions.filter(unit__kind=data["unit_kind"])
        if data.get("theme"):
            submissions = submissions.filter(themes=data["theme"])
        if data.get("assigned") == "me" and user is not None:
            submissions = submissions.filter(assigned_to=user)
        elif data.get("assigned") == "nobody":
            submissions = submissions.filter(assigned_to__isnull=True)
        return submissions

    @property
    def search(self) -> str:
        return (self.cleaned_data.get("q") or "") if self.is_bound and hasattr(self, "cleaned_data") else ""

    @property
    def order(self) -> tuple[str, ...]:
        sort = self.cleaned_data.get("sort") if self.is_bound and hasattr(self, "cleaned_data") else ""
        return QUEUE_SORTS[sort or "newest"][1]

    def errors_as_text(self) -> str:
        """One sentence per invalid filter, naming the filter, for a message."""
        return " ".join(
            _("%(field)s: %(error)s") % {"field": self[name].label, "error": " ".join(errors)}
            for name, errors in self.errors.items()
            if name in self.fields
        )


class AmendmentForm(forms.Form):
    unit = RecordChoiceField(queryset=PartyUnit.objects.none(), label=_("Proposed by"), empty_label=None)
    paragraph = forms.TypedChoiceField(label=_("Paragraph"), coerce=int)
    kind = forms.ChoiceField(label=_("Change"), choices=Amendment.Kind.choices, widget=forms.RadioSelect)
    target_text = forms.CharField(
        label=_("Words in the paragraph"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text=_("Copy exactly the words to delete or replace, or the words to insert after (empty inserts at the end)."),
    )
    new_text = forms.CharField(
        label=_("New words"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000,
        help_text=_("The words to insert, or to put in place of the words above."),
    )
    reason = forms.CharField(label=_("Why your unit proposes this"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args, user, document: ConsultationDocument, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the units the member is an officer of: the first of them (alphabetically) is proposed by default.
        officer_units = PartyUnit.objects.filter(memberships__user=user, memberships__is_officer=True).select_related("region")
        self.fields["unit"].queryset = officer_units
        first = officer_units.first()
        if first is not None and not self.initial.get("unit"):
            self.initial["unit"] = first.pk
        self.paragraphs = {p.number: p for p in document.paragraphs.all()}
        self.fields["paragraph"].choices = [(n, f"Paragraph {n}") for n in sorted(self.paragraphs)]


class AmendmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("forward", "Forward"),
            ("return", "Return"),
            (Amendment.Status.ACCEPTED, "Accept"),
            (Amendment.Status.COMPOSITED, "Composite"),
            (Amendment.Status.REJECTED, "Reject"),
        ],
        error_messages={
            "required": _("Choose forward, return, accept, composite or reject."),
            "invalid_choice": _("Choose forward, return, accept, composite or reject."),
        },
    )
    note = forms.CharField(label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class OutcomeForm(forms.Form):
    """The NPF's outcome for one forwarded amendment (compositing has its own page)."""

    outcome = forms.ChoiceField(
        label=_("Outcome at the NPF"),
        widget=forms.RadioSelect,
        choices=[
            (Amendment.Status.ACCEPTED, _("Accepted")),
            (Amendment.Status.ACCEPTED_AS_AMENDED, _("Accepted as amended")),
            (Amendment.Status.REMITTED, _("Remitted to the commission")),
            (Amendment.Status.WITHDRAWN, _("Withdrawn by the proposers")),
            (Amendment.Status.REJECTED, _("Rejected")),
        ],
        error_messages={"required": _("Choose the outcome."), "invalid_choice": _("Choose one of the listed outcomes.")},
    )
    agreed_text = forms.CharField(
        label=_("Paragraph as agreed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Needed for “Accepted as amended”: the whole paragraph as the NPF agreed it."),
    )
    note = forms.CharField(
        label=_("Note for the proposers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Why, or what happens next (for a remitted amendment, what the commission will do)."),
    )


class CompositeForm(forms.Form):
    """The composite's wording and why; the amendments it merges are the page's checkboxes (checked by the action)."""

    wording = forms.CharField(
        label=_("Composite wording"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_("The whole paragraph as the composite would leave it. Its diff against the paragraph is shown on the paper."),
        error_messages={"required": _("Write the composite wording.")},
    )
    note = forms.CharField(
        label=_("Why these are merged"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
    )
