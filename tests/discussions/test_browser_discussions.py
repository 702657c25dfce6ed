"""Browser tests: members start threads, reply to replies, report, moderate and answer officially."""

import re

import pytest

from discussions import actions
from discussions.models import Flag, Post
from tests.browser import assert_accessible
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.browser


def test_thread_started_reply_to_a_reply_and_the_first_member_is_notified(new_page, live, network):
    aisha = member_of(network, name="Aisha Author")
    omar = member_of(network, name="Omar Other")
    bea = member_of(network, name="Bea Third")

    page = new_page(aisha)
    page.goto("/networks/health/threads/")
    assert_accessible(page, "empty thread list")
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Title").fill("Hospital parking charges for carers")
    page.get_by_label("Your post").fill("Carers in our CLP pay **£40 a week** to park.")
    page.get_by_label("Tags").fill("NHS, carers")
    page.get_by_role("button", name="Post thread").click()
    page.wait_for_url(re.compile(r"/networks/health/threads/\d+/$"))
    assert page.get_by_role("heading", name="Hospital parking charges for carers").is_visible()
    thread = aisha.threads.get()

    first = actions.post_reply(bea, thread, body="Our hospital waives it for blue badge holders.")

    other_page = new_page(omar)
    other_page.goto(thread.get_absolute_url())
    assert_accessible(other_page, "thread page")
    other_page.locator(f"#post-{first.pk}").get_by_role("link", name="Reply to this post").click()
    other_page.get_by_label("Your reply").fill("Only blue badge holders? Carers without one still pay.")
    other_page.get_by_role("button", name="Post reply").click()
    other_page.wait_for_url(re.compile(r"#post-\d+$"))
    reply = Post.objects.get(author=omar)
    assert reply.parent == first
    assert other_page.locator(f"#post-{reply.pk}").is_visible()

    page.goto("/networks/health/threads/")
    notifications_link = page.get_by_role("banner").get_by_role("link", name=re.compile(r"Notifications"))
    assert "2" in notifications_link.inner_text()
    notifications_link.click()
    assert page.get_by_role("link", name=re.compile("Bea Third replied to your post")).is_visible()
    assert page.get_by_role("link", name="Omar Other replied in “Hospital parking charges for carers”").is_visible()
    assert_accessible(page, "notifications page")
    page.get_by_role("link", name=re.compile("Omar Other replied in")).click()
    page.wait_for_url(re.compile(rf"#post-{reply.pk}$"))


def test_moderator_hides_a_post_after_it_is_flagged(new_page, live, network):
    aisha = member_of(network, name="Aisha Author")
    omar = member_of(network, name="Omar Other")
    maya = member_of(network, "moderator", name="Maya Moderator")
    thread = actions.start_thread(aisha, network, title="Ward boundary review", body="What does it mean for our branch?")
    rude = actions.post_reply(omar, thread, body="Only an idiot would ask that.")

    page = new_page(aisha)
    page.goto(rude.get_absolute_url())
    page.locator(f"#post-{rude.pk}").get_by_role("link", name=re.compile("Report")).click()
    page.get_by_label("Abusive or personal attack").check()
    page.get_by_label("Anything the moderators should know").fill("Personal insult")
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_text("The moderators will look at this post").is_visible()
    assert Flag.objects.filter(post=rude, resolved_at__isnull=True).exists()

    mod_page = new_page(maya)
    mod_page.goto("/networks/health/moderation/")
    assert_accessible(mod_page, "moderation queue")
    assert mod_page.get_by_text("Personal insult").is_visible()
    mod_page.get_by_role("link", name=re.compile("Hide post")).click()
    mod_page.get_by_label(re.compile("Reason")).fill("Personal attack on a member")
    mod_page.get_by_role("button", name="Hide post").click()
    assert mod_page.get_by_text("Nothing is waiting").is_visible()

    page.goto(thread.get_absolute_url())
    assert page.get_by_text("A moderator has hidden this post.").is_visible()
    assert page.get_by_text("Only an idiot").count() == 0
    page.goto("/notifications/")
    assert page.get_by_role("link", name=re.compile("looked at your report .* and hid the post")).is_visible()


def test_commission_member_posts_an_official_response(new_page, live, network):
    aisha = member_of(network, name="Aisha Author")
    thread = actions.start_thread(aisha, network, title="Dentistry in coastal towns", body="No NHS dentist within 30 miles.")
    cora = factories.make_commission_member(factories.make_commission("Health", "HEA"), name="Cora Commission")

    page = new_page(cora)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("The Health policy commission will take evidence on dental access this spring.")
    page.get_by_label("Post as an official response from my commission").check()
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(r"#post-\d+$"))
    official = page.get_by_role("region", name="Official response")
    assert official.get_by_text("will take evidence on dental access").is_visible()
    assert page.get_by_text("Health policy commission", exact=True).first.is_visible()
    assert_accessible(page, "thread page with an official response")

    page.goto("/networks/health/threads/")
    row = page.get_by_role("listitem").filter(has_text="Dentistry in coastal towns")
    assert row.get_by_text("Official response").is_visible()
    assert_accessible(page, "thread list")


def test_search_and_email_preferences_pages_are_usable_and_accessible(new_page, live, network):
    aisha = member_of(network, name="Aisha Author")
    actions.start_thread(aisha, network, title="Dentistry in coastal towns", body="No NHS dentist within 30 miles.")
    page = new_page(aisha)
    page.goto("/discussions/search/")
    page.get_by_label("Search discussions").fill("dentist")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("link", name="Dentistry in coastal towns").first.is_visible()
    assert_accessible(page, "search results")

    page.goto("/notifications/preferences/")
    page.get_by_label("Once a day, in a digest").check()
    page.get_by_role("button", name="Save email preferences").click()
    assert page.get_by_text("Your email preferences have been saved.").is_visible()
    assert page.get_by_label("Once a day, in a digest").is_checked()
    assert_accessible(page, "email preferences")
