"""The Wagtail edit form for live chats: host and moderator pickers offer the people who fit, not every account."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm


class LiveChatPageForm(WagtailAdminPageForm):
    """Editors pick hosts and moderators from the network's people.

    With thousands of members, a list of every account is unusable and invites
    naming an outsider. Hosts come from the network's members with the host role
    and from commission members (co-hosts); moderators from the network's
    confirmed members. People already named stay listed, so saving never drops them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        network = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        members = Q(network_memberships__network_id=network.pk, network_memberships__status="active")
        users = get_user_model().objects.order_by("first_name", "last_name", "email")
        named_hosts = Q(pk__in=self.instance.host_ids) if self.instance.pk else Q(pk__in=[])
        named_moderators = Q(pk__in=self.instance.moderator_ids) if self.instance.pk else Q(pk__in=[])
        hosts = Q(network_memberships__network_id=network.pk, network_memberships__role="host") & members
        self.fields["hosts"].queryset = users.filter(
            hosts | Q(commission_memberships__isnull=False) | named_hosts
        ).distinct()
        self.fields["moderators"].queryset = users.filter(members | named_moderators).distinct()
