"""Size limits applied while an upload arrives, not after it has been stored.

Django parses a multipart body lazily, the first time ``request.POST`` or ``request.FILES`` is
read, passing every chunk of every file through ``request.upload_handlers`` in order.
:class:`UploadGuard` goes first: it refuses the request up front when ``Content-Length``
already says it is too large, counts the bytes of each file and of the whole request as they
arrive, and stops a file (``SkipFile``) or the request (``StopUpload``) as soon as it passes
its limit, so nothing past a limit is written to a temporary file or kept in memory. The
handlers after it (Django's defaults) keep small files in memory and spool the rest to disk
(``FILE_UPLOAD_MAX_MEMORY_SIZE``).

Limits: ``RESUME_UPLOAD_MAX_BYTES`` for the request, ``RESUME_MAX_BYTES`` for one file
(``RESUME_ZIP_MAX_BYTES`` for a zip, which the archive reader then checks member by member),
and Django's own ``DATA_UPLOAD_MAX_NUMBER_FILES`` and ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

A refused request is answered with a message, never half-imported: the view calls
:func:`refusal` and stops. A single file past its limit does not refuse the others: it is
dropped while it arrives and listed by :func:`refused_files`, so the batch report still
names it with its reason.

Use :func:`accepts_uploads` on a view, in place of Django's CSRF check: the CSRF middleware
reads ``request.POST`` before the view runs, which would parse the body before the guard is
installed (the pattern Django's documentation gives for changing upload handlers).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from recruiting.archives import human_size

__all__ = ["RefusedFile", "UploadGuard", "accepts_uploads", "refusal", "refused_files"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_DRAIN_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class RefusedFile:
    field_name: str
    name: str
    reason: str


class UploadGuard(FileUploadHandler):
    """Counts an upload's bytes as they arrive and stops what passes a limit.

    Install it first (``request.upload_handlers.insert(0, ...)``) before anything reads the
    body; :func:`accepts_uploads` does. It stores nothing itself: every chunk it lets through
    goes on to the next handler.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.max_request_bytes = settings.RESUME_UPLOAD_MAX_BYTES
        self.max_file_bytes = settings.RESUME_MAX_BYTES
        self.max_archive_bytes = settings.RESUME_ZIP_MAX_BYTES
        self.request_bytes = 0
        self.refusal = ""  # why the whole request was refused, for the person who sent it
        self.refused: list[RefusedFile] = []  # files dropped on their own (too large)
        self._file_bytes = 0
        self._file_limit = self.max_file_bytes

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Content-Length counts the whole body (field names, boundaries); a little more than
        # the files themselves, which is what the limit is about, so allow for that margin.
        if content_length and content_length > self.max_request_bytes + _OVERHEAD_ALLOWANCE:
            self.refusal = _too_large_request(content_length, self.max_request_bytes)
        # Returning None lets Django parse the body: the fields before the first file
        # (the CSRF token) are still read, and new_file() stops the upload at once.
        return None

    def new_file(self, field_name, file_name, *args, **kwargs):
        if self.refusal:
            raise _stop()
        super().new_file(field_name, file_name, *args, **kwargs)
        self._file_bytes = 0
        self._file_limit = self.max_file_bytes
        if file_name.lower().endswith(".zip"):
            self._file_limit = max(self.max_file_bytes, self.max_archive_bytes)

    def receive_data_chunk(self, raw_data, start):
        if start == 0 and raw_data[:4] in _ZIP_MAGIC:
            # A zip by its bytes whatever its name (DOCX too, which the intake then holds
            # to RESUME_MAX_BYTES: it is on disk by then, not in memory).
            self._file_limit = max(self.max_file_bytes, self.max_archive_bytes)
        self._file_bytes += len(raw_data)
        self.request_bytes += len(raw_data)
        if self.request_bytes > self.max_request_bytes:
            self.refusal = _too_large_request(self.request_bytes, self.max_request_bytes)
            raise _stop()
        if self._file_bytes > self._file_limit:
            self.refused.append(
                RefusedFile(
                    self.field_name,
                    self.file_name,
                    f"The file is larger than the {human_size(self._file_limit)} limit.",
                )
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the file

    def parse(self) -> None:
        """Read the body now, turning Django's refusals (too many files or fields, too much
        form data) into a message instead of an error page."""
        try:
            self.request.FILES  # noqa: B018 (reading it parses the body)
        except TooManyFilesSent:
            limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
            self.refusal = (
                f"More than {limit} files were sent at once; upload at most {limit} at a "
                "time, or put them in a zip."
            )
        except (RequestDataTooBig, TooManyFieldsSent):
            self.refusal = "The form sent more data than a form may; reload the page and retry."
        if self.refusal:
            self._drain()

    def _drain(self) -> None:
        """Read what is left of the body and throw it away, a chunk at a time.

        A browser cut off mid-upload shows "connection reset" instead of our message, so the
        rest is read (Content-Length bounds it); a proxy in front (nginx
        ``client_max_body_size``) should cut off bodies far past RESUME_UPLOAD_MAX_BYTES.
        """
        try:
            while self.request.read(_DRAIN_CHUNK_BYTES):
                pass
        except OSError:
            pass  # the client went away: nobody is left to read the answer


def _stop() -> StopUpload:
    # "connection_reset": Django must not read the rest itself, since it would read it by
    # lines, and a line of binary data can be the whole body. UploadGuard.parse() drains it.
    return StopUpload(connection_reset=True)


# Multipart framing and the small form fields sent with the files.
_OVERHEAD_ALLOWANCE = 1024 * 1024


def _too_large_request(size: int, limit: int) -> str:
    return (
        f"The upload is {human_size(size)}, more than the {human_size(limit)} limit for one "
        "upload. Upload fewer files at a time, or split the zip."
    )


def accepts_uploads(view):
    """Run ``view`` with an :class:`UploadGuard` on its request, CSRF-checked as usual.

    A request the guard refused skips the CSRF check: its body was not read past the
    refusal, so the token may be missing, and the view does nothing with it but say why.
    """

    protected = csrf_protect(view)

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            if hasattr(request, "_files"):
                raise RuntimeError("The upload was parsed before its guard was installed.")
            guard = UploadGuard(request)
            request.upload_handlers.insert(0, guard)
            guard.parse()
            if guard.refusal:
                return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return wrapped


def _guard(request) -> UploadGuard | None:
    for handler in getattr(request, "upload_handlers", ()):
        if isinstance(handler, UploadGuard):
            return handler
    return None


def refusal(request) -> str:
    """Why the upload in ``request`` was refused as a whole ("" when it was not)."""
    guard = _guard(request)
    return guard.refusal if guard else ""


def refused_files(request) -> list[RefusedFile]:
    """Files dropped on their own while they arrived (each past its size limit)."""
    guard = _guard(request)
    return list(guard.refused) if guard else []
