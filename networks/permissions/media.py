"""Who may see a document or an image: the network whose collection holds it decides, as for its pages.

Each network has a collection (`NetworkPage.collection`, made by
`networks.media.network_collection`); whatever is in it, or in a collection
under it, has the network's privacy. What is in a collection no network owns
(the site's own, e.g. the root) is public.
"""

from __future__ import annotations

from networks.models import NetworkPage
from networks.permissions.registry import can, rule


def collection_network(collection) -> NetworkPage | None:
    """The network that owns `collection` or a collection above it, or None. One query (none when cached)."""
    if collection is None:
        return None
    cached = collection.__dict__.get("_owning_network", False)
    if cached is not False:
        return cached
    paths = [collection.path[:end] for end in range(collection.steplen, len(collection.path) + 1, collection.steplen)]
    found = (
        NetworkPage.objects.filter(collection__path__in=paths).order_by("-collection__depth").first()
        if paths
        else None
    )
    collection.__dict__["_owning_network"] = found
    return found


def _readable(user, item) -> bool:
    network = collection_network(getattr(item, "collection", None))
    return network is None or can(user, "view_network", network)


@rule("view_document")
def _view_document(user, document) -> bool:
    """A document in a network's collection is for those who may read the network; any other is public."""
    return _readable(user, document)


@rule("view_image")
def _view_image(user, image) -> bool:
    """An image in a network's collection is for those who may read the network; any other is public."""
    return _readable(user, image)
