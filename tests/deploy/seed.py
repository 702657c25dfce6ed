"""Arranges the smoke test's data inside the running topology (run with `manage.py shell`, production settings).

Prints one JSON line: what the test needs to find through nginx. Everything else is
done by the test through nginx alone.
"""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from commissions import actions as commission_actions
from commissions.models import WorkProgrammeIssue
from discussions.actions import start_thread
from tests.chat.factories import make_chat
from tests.commissions.factories import PDF_BYTES, commission_page
from tests.networks import factories

network = factories.make_network("Health Network", slug="health")
region = factories.make_region()
unit = factories.make_unit("Warrington North CLP", region=region)
people = {}
for key, name in [("aisha", "Aisha Member"), ("ruth", "Ruth Reader"), ("victor", "Victor Visitor")]:
    people[key] = factories.make_user(f"{key}@example.org", name=name, region=region)
for key in ("aisha", "ruth"):
    factories.make_membership(people[key], network)
for n in range(12):
    factories.make_user(f"member{n}@example.org")
factories.join_unit(people["aisha"], unit, "Secretary")

thread = start_thread(people["ruth"], network, title="GP access in the evenings", body="Should surgeries open later?")
chat = make_chat(network, title="Ask the Health Secretary", status="live", format="open")
image = Image.objects.create(title="Forum in Leeds", file=get_test_image_file(filename="forum.png"))
rendition = image.get_rendition("width-200")

commission = factories.make_commission()
commission_page(commission)
issue = WorkProgrammeIssue.objects.create(commission=commission, year=timezone.localdate().year, title="Care closer to home")
submission = commission_actions.submit(people["aisha"], commission, commission_actions.SubmissionDraft(
    title="Evening GP hours", text="Shift workers cannot see a GP in the day.", unit=unit, issue=issue,
    attachment=SimpleUploadedFile("forum-notes.pdf", PDF_BYTES, content_type="application/pdf"),
))
print(json.dumps({
    "password": factories.PASSWORD,
    "thread": thread.pk,
    "chat": chat.pk,
    "network": network.pk,
    "image_url": rendition.url,
    "attachment_url": f"/submissions/{submission.reference}/attachment/",
    "attachment_path": submission.attachment.name,
}))
