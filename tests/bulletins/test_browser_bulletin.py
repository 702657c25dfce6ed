"""An editor writes, previews, test-sends and sends a bulletin in the Wagtail admin; a member finds it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bulletins.models import BulletinPage, BulletinSending
from tests.browser import assert_accessible
from tests.networks import factories

pytestmark = pytest.mark.browser

SUBJECT = "Health Network: the commission wants your views on waiting times"


def test_editor_writes_previews_tests_and_sends_and_a_member_reads_it(new_page, live, network):
    editor = factories.make_user("eddie.editor@example.org", name="Eddie Editor")
    factories.make_membership(editor, network, "editor")
    member = factories.make_user("aisha.member@example.org", name="Aisha Member")
    factories.make_membership(member, network)

    # Write it in the page editor.
    admin = new_page(editor)
    admin.goto(f"/admin/pages/add/bulletins/bulletinpage/{network.pk}/")
    admin.get_by_role("textbox", name="Title*").fill("Waiting times consultation")
    admin.get_by_role("textbox", name="Subject*").fill(SUBJECT)
    admin.get_by_role("textbox", name="Summary*").fill("The Health policy commission asks what members see locally.")
    admin.get_by_role("button", name="Insert a block").first.click()
    admin.get_by_role("option", name="Rich text").click()
    editor_box = admin.locator(".Draftail-Editor [contenteditable='true']").first
    editor_box.click()
    editor_box.type("Tell us how long people wait for treatment in your area.")
    editor_box.press("Tab")
    # Preview it, as a web page and as the email.
    admin.get_by_role("button", name="Toggle preview").click()
    preview = admin.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name=SUBJECT)).to_be_visible()
    # The rich-text editor hands its text to the form when it loses focus.
    expect(admin.locator("input[name='body-0-value']")).to_have_value(re.compile("Tell us how long people wait"))

    # Save the draft, as an editor does, and go on from its edit form. (Wagtail 8 autosaves a new
    # page once it notices a change; on a slow machine that autosave could land while Publish was
    # still posting the add form, and the second of the two found the slug taken.)
    admin.get_by_role("button", name="Save draft").click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    admin.reload()
    expect(preview.get_by_role("heading", name=SUBJECT)).to_be_visible()
    admin.get_by_label("Preview mode").select_option("email")
    expect(preview.get_by_text("Unsubscribe from Health Network bulletins")).to_be_visible()

    # Publish: publishing does not send anything.
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish", exact=True).click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    bulletin = BulletinPage.objects.get(subject=SUBJECT)
    assert bulletin.live and mail.outbox == []

    # Send a test copy, then send to members from the confirmation page.
    admin.goto("/admin/bulletins/")
    admin.get_by_role("link", name="Send to members").click()
    expect(admin.get_by_text("It will be emailed to 2 members of Health Network")).to_be_visible()
    admin.get_by_role("button", name="Send me a test copy").click()
    expect(admin.get_by_text(f"A test copy of the latest draft is on its way to {editor.email}")).to_be_visible()
    assert [m.to for m in mail.outbox] == [[editor.email]]
    admin.get_by_role("button", name="Send to 2 members").click()
    admin.wait_for_url(re.compile(r"/report/$"))
    expect(admin.get_by_text("is queued for 2 members of Health Network")).to_be_visible()
    admin.reload()
    assert admin.locator("td[data-count='sent']").inner_text() == "2"
    assert BulletinSending.objects.get(bulletin=bulletin).finished_at is not None

    # The member finds it in the demo outbox and on the site.
    reader = new_page(member)
    reader.goto("/outbox/")
    expect(reader.get_by_role("heading", name=SUBJECT).first).to_be_visible()
    assert_accessible(reader, "outbox with the bulletin")
    reader.goto(network.url)
    bulletins = reader.get_by_role("region", name="Bulletins")
    bulletins.get_by_role("link", name=SUBJECT).click()
    expect(reader.get_by_role("heading", level=1, name=SUBJECT)).to_be_visible()
    expect(reader.get_by_text("Tell us how long people wait for treatment in your area.")).to_be_visible()
    assert_accessible(reader, "bulletin page")
    reader.goto(f"/networks/{network.slug}/bulletins/")
    expect(reader.get_by_role("link", name=SUBJECT)).to_be_visible()
    assert_accessible(reader, "bulletin archive")
    reader.goto("/notifications/preferences/")
    expect(reader.get_by_role("checkbox", name="Health Network")).to_be_checked()
    assert_accessible(reader, "email preferences with bulletin choices")
    # One form, one Save: the bulletin choice is saved with the rest, and the message says what changed.
    reader.get_by_role("checkbox", name="Health Network").uncheck()
    reader.get_by_role("button", name="Save email preferences").click()
    expect(reader.get_by_text("Your email preferences have been saved. What changed: bulletins from Health Network: off.")).to_be_visible()
    expect(reader.get_by_role("checkbox", name="Health Network")).not_to_be_checked()
