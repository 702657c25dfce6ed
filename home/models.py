from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The front door: networks to join, your networks, upcoming chats, latest activity."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from networks.selectors import network_cards

        context = super().get_context(request, *args, **kwargs)
        cards = network_cards(request.user)
        context["my_networks"] = [card for card in cards if card["is_member"] or card["is_pending"]]
        context["other_networks"] = [card for card in cards if not (card["is_member"] or card["is_pending"])]
        return context
