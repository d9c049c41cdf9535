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

import re
import unicodedata
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
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


# One byte range, as media players and PDF viewers ask for it ("bytes=0-", "bytes=-500").
_BYTE_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")
# A partial response is read into memory: at most this much of it, the client asks on.
MAX_RANGE_BYTES = 1024 * 1024


def stored_file_response(stored_file, delivery: FileDelivery, *, range_header: str = ""):
    """The response for a stored file (a ``FieldFile``), after the caller's permission
    check: streamed from local disk, or a short-lived signed URL when it lives in S3,
    with the headers above either way. With ``range_header`` (the request's ``Range``) a
    local file answers one byte range (206), as an audio player seeking expects; S3 does
    that itself."""
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
        response = _byte_range_response(stored_file, delivery, range_header) or FileResponse(
            stored_file.open("rb"),
            as_attachment=not delivery.inline,
            filename=delivery.filename,
            content_type=delivery.content_type,
        )
        response["Accept-Ranges"] = "bytes"
    secure_file_headers(response)
    return response


def _byte_range_response(stored_file, delivery: FileDelivery, range_header: str):
    """206 with the bytes asked for (416 past the end), or None to send the whole file
    (no range, several ranges, or one we do not read)."""
    match = _BYTE_RANGE.fullmatch(range_header.strip())
    if match is None or not any(match.groups()):
        return None
    size = stored_file.size
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(size - int(last), 0), size - 1
    if start >= size or start > end:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    end = min(end, start + MAX_RANGE_BYTES - 1)
    with stored_file.open("rb") as stored:
        stored.seek(start)
        body = stored.read(end - start + 1)
    partial = HttpResponse(body, status=206, content_type=delivery.content_type)
    partial["Content-Range"] = f"bytes {start}-{end}/{size}"
    partial["Content-Disposition"] = content_disposition_header(
        not delivery.inline, delivery.filename
    )
    return partial
