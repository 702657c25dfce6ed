from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The front door. Signed in, it is about the member: their to-do first, then what is happening to
    their work (panels every app registers with `networks.home_panels`), then their networks; for
    everyone, networks to join, live chats and the latest discussions."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from networks.home_panels import TO_DO, YOUR_WORK, home_panels
        from networks.selectors import network_cards

        context = super().get_context(request, *args, **kwargs)
        cards = network_cards(request.user)
        context["my_networks"] = [card for card in cards if card["is_member"] or card["is_pending"]]
        context["other_networks"] = [card for card in cards if not (card["is_member"] or card["is_pending"])]
        context["to_do"] = home_panels(request.user, TO_DO)
        context["your_work"] = home_panels(request.user, YOUR_WORK)
        return context
