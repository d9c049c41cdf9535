"""How an uploaded file is handed back to a browser.

An upload is whatever its sender made it: an HTML page named ``resume.pdf``, an SVG or
XHTML file with script, a PDF with a page of HTML glued in front. Rendered in our origin
it would run with the recruiter's session (load the site's own htmx, post forms to the
back office). So nothing the browser is told comes from the file or its name:

* the served type comes from an allow-list keyed on the sniffed type; anything else,
  HTML/XML/SVG/script included, is ``application/octet-stream``;
* only PDFs, PNG/JPEG images and WAV call recordings are shown inline, everything else
  is an attachment;
* every response is sandboxed (a unique opaque origin, no script, no forms, no fetches)
  and carries ``nosniff`` so the browser cannot second-guess the type.
"""

import unicodedata
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

from recruiting import extraction

# Every file response carries this policy, inline or not. ``frame-ancestors`` is not
# covered by ``default-src``; 'self' lets the candidate page frame the PDF and no one else.
FILE_CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; frame-ancestors 'self'"

# A call recording, told by its bytes (``recording_type``). Inline is safe for it: a
# browser plays audio in a media element or its own player and never reads it as a page,
# and the sandbox and nosniff below still apply.
WAV = "audio/wav"

INLINE_TYPES = frozenset({extraction.PDF, extraction.PNG, extraction.JPEG, WAV})
# Types a browser or desktop application opens as a document, never as a page. Plain
# text is labelled UTF-8 so no browser guesses a charset (UTF-7 and friends).
_DOWNLOAD_TYPES = {
    extraction.PDF: extraction.PDF,
    extraction.PNG: extraction.PNG,
    extraction.JPEG: extraction.JPEG,
    extraction.DOCX: extraction.DOCX,
    extraction.DOC: extraction.DOC,
    extraction.ODT: extraction.ODT,
    extraction.RTF: extraction.RTF,
    extraction.TEXT: "text/plain; charset=utf-8",
    WAV: WAV,
}


@dataclass(frozen=True)
class FileDelivery:
    content_type: str
    inline: bool
    filename: str


def file_delivery(*, sniffed_type: str, original_name: str, inline_requested: bool) -> FileDelivery:
    """What to tell the browser about a stored upload.

    ``sniffed_type`` is ``Resume.content_type`` (read from the bytes at intake); it only
    selects an entry of the allow-list, so a wrong or hostile value falls back to a
    download of opaque bytes.
    """
    base_type = (sniffed_type or "").split(";", 1)[0].strip().lower()
    content_type = _DOWNLOAD_TYPES.get(base_type, extraction.OCTET)
    return FileDelivery(
        content_type=content_type,
        inline=inline_requested and base_type in INLINE_TYPES,
        filename=download_name(original_name),
    )


def recording_type(head: bytes) -> str:
    """The type of a stored call recording from its first bytes: a RIFF WAVE file is
    ``audio/wav``; anything else is opaque bytes, whatever its name says."""
    return WAV if head[:4] == b"RIFF" and head[8:12] == b"WAVE" else extraction.OCTET


def download_name(original_name: str) -> str:
    """The last path segment of the uploaded name, without control characters (which
    cannot go in a header), or ``resume`` when nothing is left."""
    name = (original_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name or "resume"


def secure_file_headers(response) -> None:
    """The headers every file response carries (see the module docstring)."""
    response["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    response["X-Content-Type-Options"] = "nosniff"


def stored_file_response(stored_file, delivery: FileDelivery):
    """The response for a stored file (a ``FieldFile``), after the caller's permission
    check: streamed from local disk, or a short-lived signed URL when it lives in S3,
    with the headers above either way."""
    if hasattr(default_storage, "bucket_name"):
        # The bucket's own origin renders it; S3 sets only these two headers from the URL.
        response = HttpResponseRedirect(
            default_storage.url(
                stored_file.name,
                parameters={
                    "ResponseContentDisposition": content_disposition_header(
                        not delivery.inline, delivery.filename
                    ),
                    "ResponseContentType": delivery.content_type,
                },
            )
        )
    else:
        response = FileResponse(
            stored_file.open("rb"),
            as_attachment=not delivery.inline,
            filename=delivery.filename,
            content_type=delivery.content_type,
        )
    secure_file_headers(response)
    return response
