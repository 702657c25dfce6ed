"""A network's documents and images: its collection, and how its files reach the people who may see them.

Every network has a Wagtail collection (`network_collection`); its editors may
add and choose documents and images there only (`networks.actions.editor_group`),
so the admin's choosers list an editor's own network's files, and what is in it
has the network's privacy (the `view_document` and `view_image` rules).

Nothing is served straight from storage. Documents go through `serve_document`,
which answers Wagtail's own document URLs (`WAGTAILDOCS_SERVE_METHOD =
"serve_view"`) and asks `view_document`. Image renditions
are written by the "renditions" storage, whose URLs are `/images/<file>`: that
view (`serve_rendition`) asks `view_image` before handing the file over
(X-Accel-Redirect behind nginx, streamed otherwise), and nginx refuses
`/media/documents/`, `/media/images/` and `/media/original_images/` outright.
An email cannot carry a session, so a bulletin's images are linked with a
signature (`shareable_url`) that opens that one rendition to whoever has the
email, as its text is.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served
from wagtail.images import get_image_model
from wagtail.models import Collection

from networks.permissions import can, collection_network
from networks.refusals import load

RENDITIONS_PREFIX = "images/"
"""Wagtail writes renditions under this folder of their storage; their URL is the same path from the site's root."""
_SIGNER = signing.Signer(salt="networks.media.rendition")


def network_collection(network) -> Collection:
    """The collection that holds the network's documents and images, made under the root the first time."""
    if network.collection_id:
        return network.collection
    collection = Collection.get_first_root_node().add_child(name=f"{network.title} (network)")
    type(network).objects.filter(pk=network.pk).update(collection=collection)
    network.collection = collection
    return collection


def _rendition_model():
    return get_image_model().get_rendition_model()


def shareable_url(rendition) -> str:
    """The rendition's URL for a reader without a session (an email): signed when its image is not public."""
    url = rendition.url
    network = collection_network(rendition.image.collection)
    if network is None or not network.is_members_only:
        return url
    return f"{url}?signature={quote(_SIGNER.signature(rendition.file.name))}"


@require_GET
def serve_rendition(request, name: str) -> HttpResponse:
    """An image rendition, for those who may see its image (or who hold a signed link to it); else a 404."""
    file_name = RENDITIONS_PREFIX + name
    if "\x00" in name:  # no file is named so, and PostgreSQL refuses the byte in a query
        raise Http404(gettext("No such image."))
    rendition = _rendition_model().objects.select_related("image__collection").filter(file=file_name).first()
    if rendition is None:
        raise Http404(gettext("No such image."))
    if not (can(request.user, "view_image", rendition.image) or _signed(file_name, request.GET.get("signature", ""))):
        raise Http404(gettext("No such image."))
    network = collection_network(rendition.image.collection)
    return _image_response(rendition, public=network is None or not network.is_members_only)


def _signed(file_name: str, signature: str) -> bool:
    if not signature:
        return False
    try:
        return _SIGNER.unsign(f"{file_name}{_SIGNER.sep}{signature}") == file_name
    except signing.BadSignature:
        return False


def _image_response(rendition, *, public: bool) -> HttpResponse:
    content_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    response = _file_response(rendition.file, content_type)
    if public:
        patch_cache_control(response, public=True, max_age=24 * 3600)
    else:
        # Members-only: a shared cache must not keep it, and a browser keeps it per signed-in member.
        patch_cache_control(response, private=True, max_age=3600)
        patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
def serve_document(request, document_id: int, document_filename: str) -> HttpResponse:
    """`/documents/<id>/<name>`, in place of Wagtail's view: the document, for those who may see it.

    Anyone who may not read the network whose collection holds it gets a 404, which says nothing
    about whether it exists (as a members-only chat's calendar does). Wagtail's own
    `before_serve_document` hooks (collection view restrictions) still run first.
    """
    document = load(get_document_model().objects.select_related("collection"), missing=gettext("No such document."), pk=document_id)
    if document.filename != document_filename or not can(request.user, "view_document", document):
        raise Http404(gettext("No such document."))
    for hook in hooks.get_hooks("before_serve_document"):
        answer = hook(document, request)
        if isinstance(answer, HttpResponseBase):
            return answer
    return document_response(request, document)


def document_response(request, document) -> HttpResponse:
    """The document, handed to nginx with X-Accel-Redirect or streamed, never run as a page."""
    document_served.send(sender=type(document), instance=document, request=request)
    response = _file_response(document.file, document.content_type)
    response["Content-Disposition"] = document.content_disposition
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    network = collection_network(document.collection)
    if network is not None and network.is_members_only:
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def _file_response(file, content_type: str) -> HttpResponse:
    """The file from MEDIA_ROOT: nginx sends it (MEDIA_ACCEL_REDIRECT, an internal location) or the app streams it."""
    location = settings.MEDIA_ACCEL_REDIRECT
    if location:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{location.rstrip('/')}/{quote(file.name)}"
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
