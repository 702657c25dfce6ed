"""Every page fits a phone: the demo crawled as each demo user of README.md, at 390 and 320 px.

From the home page the crawl follows every link on the site (not the Wagtail admin, whose own
interface is Wagtail's, nor downloads and feeds) and on each page checks, at both widths, that
nothing scrolls sideways (`scrollWidth <= innerWidth`, naming what sticks out when it does) and
that every `aria-describedby` names an element that exists. On a 320 x 640 phone the header
(folded behind its Menu button) takes at most a quarter of the screen.

To stay a couple of minutes long, each user reaches one page of each kind (URLs that differ only by
a number, a submission reference, a member's handle or a tag are one kind), fetched by the test
client; the browser lays out each kind of page once per distinct outline (the same elements, classes
and form fields), so a user who sees a page exactly as an earlier user did is not laid out again,
while one with extra forms or panels is. Every user's home page is laid out.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.browser import session_cookie_for
from tests.home.factories import wagtail_roots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

README = Path(__file__).resolve().parents[2] / "README.md"
WIDTHS = (320, 390)
PHONE_HEIGHT = 640
SKIPPED = re.compile(
    r"^/(admin|django-admin|documents|media|static)/|/(feed|rss|atom)/|\.(csv|ics|json|xml|md|txt|pdf|docx|xlsx)(\?|$)|/attachment/$"
    r"|^/accounts/(logout|my-data)/|^/unsubscribe/|^/notifications/\d+/$"
)
"""Not pages of ours to lay out: the Wagtail admin, files, feeds and downloads, signing out, and
opening a notification (which marks it read and redirects to a page the crawl reaches anyway)."""
KINDS = [
    (re.compile(r"/[A-Z]{3}-\d{4}-\d{4}/"), "/REF/"),
    (re.compile(r"^/members/[^/]+/"), "/members/HANDLE/"),
    (re.compile(r"^/discussions/tags/[^/]+/"), "/discussions/tags/TAG/"),
    (re.compile(r"\d+"), "N"),
]

MEASURE = """() => {
  const width = window.innerWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : ""} (${Math.round(box.right)}px)`);
        if (wide.length >= 4) break;
      }
    }
  }
  const missing = [];
  for (const el of document.querySelectorAll("[aria-describedby]")) {
    for (const id of el.getAttribute("aria-describedby").split(/\\s+/)) {
      if (id && !document.getElementById(id)) missing.push(`${el.tagName.toLowerCase()}[name=${el.getAttribute("name")}] → #${id}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide, missing};
}"""


def demo_users() -> list[str]:
    """Every demo account README.md lists (so a user added there is crawled too)."""
    table = README.read_text().split("## Demo users", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`([\w.+-]+@example\.org)`", table)


def kind_of(path: str) -> str:
    for pattern, replacement in KINDS:
        path = pattern.sub(replacement, path)
    return path


def on_site(href: str, origin: str) -> str | None:
    """The path a link leads to on this site, or None for anything else."""
    href = urldefrag(href)[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path or "/"
    return None if SKIPPED.search(path) else path


class Outline(HTMLParser):
    """A page's links, and its outline: every distinct element, with its classes and form field names.

    Two users who get the same outline for the same kind of page see the same layout, so the
    browser lays it out once; a user with extra buttons, forms or panels gets it laid out again.
    """

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.outline: set[tuple] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self.outline.add((tag, attrs.get("class") or "", attrs.get("name") or "", attrs.get("type") or ""))


def reachable(client, user, origin: str) -> tuple[list[tuple[str, frozenset]], list[str]]:
    """Each kind of page `user` reaches from the home page, with its outline; and the links that failed."""
    client.logout()
    if user is not None:
        client.force_login(user)
    queue, kinds, pages, broken = ["/"], set(), [], []
    while queue:
        path = queue.pop(0)
        if kind_of(path) in kinds:
            continue
        kinds.add(kind_of(path))
        response = client.get(path)
        if response.status_code in (301, 302):
            target = on_site(response["Location"], origin)
            if target:
                queue.append(target)
            continue
        if response.status_code >= 400 and response.status_code != 403:  # 403: the members-only page, shown as such
            broken.append(f"{path}: answered {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a download (an export, the paper's PDF) is not a page to lay out
        parsed = Outline()
        parsed.feed(response.content.decode())
        pages.append((path, frozenset(parsed.outline)))
        queue += [target for href in parsed.links if (target := on_site(href, origin)) and kind_of(target) not in kinds]
    return pages, broken


def lay_out(browser_instance, live, user, paths: list[str]) -> list[str]:
    """Open each page as `user` at 320 and 390 px; what sticks out, and descriptions that point nowhere."""
    context = browser_instance.new_context(base_url=live.url, viewport={"width": WIDTHS[0], "height": PHONE_HEIGHT})
    problems: list[str] = []
    try:
        if user is not None:
            context.add_cookies([session_cookie_for(user, live.url)])
        page = context.new_page()
        for path in paths:
            page.set_viewport_size({"width": WIDTHS[0], "height": PHONE_HEIGHT})
            page.goto(path)
            if path == "/":
                header = page.locator(".site-header").bounding_box()["height"]
                if header > PHONE_HEIGHT / 4:
                    problems.append(f"/: the header is {header:.0f}px tall on a {PHONE_HEIGHT}px phone")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
                found = page.evaluate(MEASURE)
                if found["scrollWidth"] > found["width"]:
                    problems.append(f"{path} at {width}px: {found['scrollWidth']}px wide; sticking out: {', '.join(found['wide'])}")
                problems += [f"{path}: aria-describedby {item}" for item in found["missing"]]
        return problems
    finally:
        context.close()


def in_own_thread(function, *args):
    """Run Django code that may reach the channel layer (async_to_sync) away from Playwright's event loop."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(function, *args).result()


def load_demo() -> None:
    wagtail_roots()
    call_command("load_demo", stdout=open(os.devnull, "w"))


def test_every_page_fits_a_phone_for_every_demo_user(client, browser_instance, live):
    in_own_thread(load_demo)
    people = {user.email: user for user in get_user_model().objects.all()}
    emails = demo_users()
    assert len(emails) >= 12 and all(email in people for email in emails), emails
    started = time.monotonic()
    laid_out: set[tuple[str, frozenset]] = set()
    problems, report = [], []
    for email in [None, *emails]:
        user = people[email] if email else None
        pages, broken = in_own_thread(reachable, client, user, live.url)
        assert len(pages) >= 10, f"{email or 'anonymous'} reached only {len(pages)} pages: the crawl is not following links"
        new = [path for path, outline in pages if (kind_of(path), outline) not in laid_out]
        laid_out |= {(kind_of(path), outline) for path, outline in pages}
        if "/" not in new:
            new.insert(0, "/")  # every user's own header and home page
        found = broken + lay_out(browser_instance, live, user, new)
        problems += [f"[{email or 'anonymous'}] {problem}" for problem in found]
        report.append(f"{email or 'anonymous'}: {len(pages)} kinds of page, {len(new)} laid out")
    print(f"\nphone crawl in {time.monotonic() - started:.0f}s:\n" + "\n".join(report))
    assert not problems, "pages that do not fit a phone:\n" + "\n".join(problems)
