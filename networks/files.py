"""Handing out a private file once a view has checked who may have it.

Behind nginx the app does not stream the file itself: it answers with
`X-Accel-Redirect` to the `internal` location named by PRIVATE_MEDIA_ACCEL_REDIRECT
(deploy/nginx/policy-networks.conf.template), and nginx sends the bytes from
PRIVATE_MEDIA_ROOT. That location cannot be requested from outside, so the file is
reachable only through the view. Without nginx (the demo, tests) Django streams it.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def private_file_response(file: File, *, filename: str, content_type: str | None = None) -> HttpResponse:
    """The download of `file` (from the private storage) as `filename`; the caller has checked permission."""
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    location = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    if not location:
        return FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = f"{location.rstrip('/')}/{quote(file.name)}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
