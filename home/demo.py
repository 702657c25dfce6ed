"""The site's home page and its Wagtail site record: the root every other app's demo pages hang from."""

from __future__ import annotations

from wagtail.models import Page, Site

from home.models import HomePage


def load(stdout) -> None:
    _home_page()
    stdout.write("home: the home page and the default site")


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's install leaves a placeholder welcome page at the top; the home page replaces it.
    for placeholder in root.get_children().filter(content_type__model="page", numchild=0):
        placeholder.delete()
    home = HomePage(
        title="Policy networks: a strong voice for members",
        slug="home",
        intro="Join a policy network, talk with members who share your interest, put questions to ministers "
        "in live web chats, and follow what happens to your local party's policy submissions.",
    )
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Policy Networks"},
    )
    return home
