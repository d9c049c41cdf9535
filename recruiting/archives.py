"""Safe expansion of a zip of resumes (bulk upload).

Pure Python, no Django imports. :func:`iter_zip_members` yields one :class:`ArchiveMember` per
file in the archive, each either with its bytes or with a recruiter-readable ``error``; it raises
:class:`ArchiveError` when the archive as a whole is unusable.

The archive is read from a seekable binary file (an upload Django spooled to disk) or from
bytes; members are decompressed one at a time, lazily, so memory holds one member (at most
``max_member_bytes``), never the archive. Nothing is ever written to disk: members come back as
bytes, so a hostile name cannot escape a folder. Names are still normalised for display, and names that try to climb out of the archive
(``../``, absolute paths, drive letters, backslash tricks) are rejected members, because no
honest resume zip contains them.

Defences
--------
* **Zip bombs**: the declared sizes in the central directory are checked first (per member and
  in total), then every member is decompressed in chunks while counting the bytes that really
  come out, so a header that lies about the size cannot make us inflate more than
  ``max_member_bytes + 1`` bytes for a member or ``max_total_bytes`` in total. A member whose
  declared or actual compression ratio exceeds ``max_ratio`` is rejected. Entries that share
  their local data (the "overlapping files" bomb) make the whole archive an error.
* **Nested zips** are expanded up to ``max_depth`` levels below the uploaded archive and
  rejected below that. A member of a nested zip is named ``"<path of the inner zip>/<member>"``,
  e.g. ``"batch/more.zip/jane.pdf"``. Budgets (members, bytes) are shared across levels.
  Office documents (DOCX, XLSX, ODT...) are zips too and are returned as files, not expanded.
* Directories and OS junk (``__MACOSX/``, ``.DS_Store``, ``._*``, ``Thumbs.db``,
  ``desktop.ini``) are skipped silently; symbolic links and encrypted members are rejected
  members; an archive whose files are all encrypted is an :class:`ArchiveError`.
* Duplicate names (after normalisation) get `` (2)``, `` (3)``... before the extension.

``ArchiveError`` may also be raised part-way through the iteration when the *actual*
decompressed total crosses ``max_total_bytes`` (a lying header); callers should treat members
already yielded as valid and report the error for the rest.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

__all__ = [
    "ArchiveError",
    "ArchiveMember",
    "human_size",
    "is_office_document",
    "is_zip",
    "iter_zip_members",
]

_CHUNK = 64 * 1024
DEFAULT_MAX_RATIO = 100
# Below this size a high ratio is harmless (a small text file full of spaces).
_RATIO_MIN_BYTES = 1024 * 1024

_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", ".localized", "icon\r"})
_JUNK_DIRS = frozenset({"__macosx", ".spotlight-v100", ".trashes", ".fseventsd"})
_DRIVE = re.compile(r"^[a-zA-Z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ArchiveError(Exception):
    """The whole archive is unusable (corrupt, encrypted, a bomb); `reason` is for recruiters."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ArchiveMember:
    name: str  # safe display path inside the archive; nested: "inner.zip/resume.pdf"
    data: bytes | None  # None when rejected
    error: str | None  # recruiter-readable reason when rejected

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class _Budget:
    max_member_bytes: int
    max_total_bytes: int
    max_members: int
    max_depth: int
    max_ratio: float
    members: int = 0
    total: int = 0
    names: dict[str, int] = field(default_factory=dict)


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def iter_zip_members(
    source: bytes | BinaryIO,
    *,
    max_member_bytes: int,
    max_total_bytes: int,
    max_members: int = 1000,
    max_depth: int = 1,
    max_ratio: float = DEFAULT_MAX_RATIO,
) -> Iterator[ArchiveMember]:
    """Yield the files of a zip archive, safely. See the module docstring for the rules.

    `source` is the archive's bytes or a seekable binary file positioned anywhere (it is read
    from its start and not closed). `max_depth` is how many levels of zips inside the zip are
    expanded (0: none).
    Raises ArchiveError (before yielding anything when the central directory already shows the
    problem) for a corrupt or encrypted archive, too many members, or too much data.
    """
    budget = _Budget(max_member_bytes, max_total_bytes, max_members, max_depth, max_ratio)
    yield from _iter(source, prefix="", depth=0, budget=budget)


def _open(source: bytes | BinaryIO, *, nested: bool) -> zipfile.ZipFile:
    what = "The zip file inside the archive" if nested else "The file"
    fileobj = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    fileobj.seek(0, io.SEEK_END)
    if not fileobj.tell():
        raise ArchiveError(f"{what} is empty.")
    fileobj.seek(0)
    try:
        zf = zipfile.ZipFile(fileobj)
        infos = zf.infolist()
    except zipfile.LargeZipFile:
        raise ArchiveError(f"{what} is too large to unpack.") from None
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        KeyError,
    ) as exc:
        raise ArchiveError(
            f"{what} is not a valid zip archive (it may be damaged or truncated)."
        ) from exc
    del infos
    return zf


def _iter(
    source: bytes | BinaryIO, *, prefix: str, depth: int, budget: _Budget
) -> Iterator[ArchiveMember]:
    zf = _open(source, nested=bool(prefix))
    with zf:
        infos = zf.infolist()
        files = [i for i in infos if not _is_dir(i)]
        if budget.members + len(files) > budget.max_members:
            raise ArchiveError(
                f"The archive contains too many files ({budget.members + len(files)}); "
                f"the limit is {budget.max_members}."
            )
        _check_overlaps(infos)
        # Members rejected on their own (too large, encrypted) are never read, so not counted.
        declared = sum(
            i.file_size
            for i in files
            if not _is_junk(_clean_parts(i.filename))
            and not i.flag_bits & 0x1
            and i.file_size <= budget.max_member_bytes
        )
        if budget.total + declared > budget.max_total_bytes and declared > 0:
            raise ArchiveError(
                f"The archive unpacks to {human_size(budget.total + declared)}, more than the limit of "
                f"{human_size(budget.max_total_bytes)}."
            )
        encrypted = [i for i in files if i.flag_bits & 0x1]
        if files and len(encrypted) == len(files):
            raise ArchiveError("The zip file is password-protected. Upload it without a password.")

        for info in files:
            raw_name = _fix_name_encoding(info.filename, info.flag_bits)
            parts = _clean_parts(raw_name)
            if _is_junk(parts):
                continue
            budget.members += 1
            name = _unique(prefix + ("/".join(parts) or "unnamed"), budget)
            reason = _reject_reason(info, raw_name, budget)
            if reason:
                yield ArchiveMember(name, None, reason)
                continue
            try:
                content = _read_member(zf, info, budget)
            except _MemberRejected as rej:
                yield ArchiveMember(name, None, rej.reason)
                continue
            if is_zip(content) and not is_office_document(content):
                if depth >= budget.max_depth:
                    yield ArchiveMember(
                        name,
                        None,
                        "Zip files nested this deep are not unpacked. Upload it separately.",
                    )
                    continue
                try:
                    yield from _iter(content, prefix=name + "/", depth=depth + 1, budget=budget)
                except ArchiveError as exc:
                    if _is_budget_error(exc):
                        raise
                    yield ArchiveMember(name, None, exc.reason)
                continue
            yield ArchiveMember(name, content, None)


def _is_budget_error(exc: ArchiveError) -> bool:
    return exc.reason.startswith(
        ("The archive unpacks to", "The archive contains too many", "The archive holds more")
    )


class _MemberRejected(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _reject_reason(info: zipfile.ZipInfo, raw_name: str, budget: _Budget) -> str | None:
    if _is_traversal(raw_name):
        return "Unsafe file name (it points outside the archive), so the file was skipped."
    mode = (info.external_attr >> 16) & 0xFFFF
    if info.create_system == 3 and stat.S_ISLNK(mode):
        return "Symbolic links are not accepted."
    if info.flag_bits & 0x1:
        return "This file is password-protected inside the zip. Upload it without a password."
    if info.file_size > budget.max_member_bytes:
        return (
            f"The file is too large ({human_size(info.file_size)}); "
            f"the limit is {human_size(budget.max_member_bytes)}."
        )
    if info.compress_size and info.file_size >= _RATIO_MIN_BYTES:
        ratio = info.file_size / info.compress_size
        if ratio > budget.max_ratio:
            return (
                f"The file is compressed suspiciously well ({ratio:.0f}:1, a possible zip bomb), "
                "so it was skipped."
            )
    if info.compress_type not in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
        zipfile.ZIP_BZIP2,
        zipfile.ZIP_LZMA,
    ):
        return (
            "The file uses a compression method we cannot unpack. "
            "Re-create the zip with standard settings."
        )
    return None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """Decompress one member in chunks, counting what really comes out."""
    limit = min(budget.max_member_bytes, max(info.file_size, 0))
    buf = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                buf += chunk
                budget.total += len(chunk)
                if budget.total > budget.max_total_bytes:
                    raise ArchiveError(
                        "The archive holds more data than its headers declare "
                        f"(over {human_size(budget.max_total_bytes)}); "
                        "it looks like a zip bomb."
                    )
                if len(buf) > limit:
                    if len(buf) > budget.max_member_bytes:
                        raise _MemberRejected(
                            "The file is too large "
                            f"(over {human_size(budget.max_member_bytes)} when unpacked)."
                        )
                    raise _MemberRejected(
                        "The file is larger than the zip says it is (damaged or tampered with)."
                    )
                if (
                    info.compress_size
                    and len(buf) >= _RATIO_MIN_BYTES
                    and len(buf) / info.compress_size > budget.max_ratio
                ):
                    raise _MemberRejected(
                        "The file is compressed suspiciously well (a possible zip bomb), "
                        "so it was skipped."
                    )
    except (ArchiveError, _MemberRejected):
        raise
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise _MemberRejected("This file is password-protected inside the zip.") from exc
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        if "CRC" in str(exc):
            raise _MemberRejected(
                "The file is damaged inside the zip (its checksum does not match)."
            ) from exc
        raise _MemberRejected(
            "The file is damaged inside the zip and could not be unpacked."
        ) from exc
    if len(buf) != info.file_size:
        raise _MemberRejected(
            "The file is damaged inside the zip (its size does not match its header)."
        )
    return bytes(buf)


def _check_overlaps(infos: list[zipfile.ZipInfo]) -> None:
    """Entries that share their data are the "overlapping files" zip bomb."""
    seen: set[int] = set()
    for info in infos:
        if _is_dir(info) and info.file_size == 0:
            continue
        if info.header_offset in seen:
            raise ArchiveError(
                "The archive is malformed (several entries share the same data); "
                "it looks like a zip bomb."
            )
        seen.add(info.header_offset)
    ordered = sorted(
        (i for i in infos if not (_is_dir(i) and i.file_size == 0)), key=lambda i: i.header_offset
    )
    for a, b in itertools.pairwise(ordered):
        # Local header (30 bytes + name) and data of `a` must end before `b` starts.
        if a.header_offset + 30 + _raw_name_length(a) + a.compress_size > b.header_offset:
            raise ArchiveError(
                "The archive is malformed (entries overlap); it looks like a zip bomb."
            )


def _raw_name_length(info: zipfile.ZipInfo) -> int:
    encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
    try:
        return len(info.orig_filename.encode(encoding))
    except UnicodeEncodeError:
        return 0  # unknown: err on the lenient side


def _is_dir(info: zipfile.ZipInfo) -> bool:
    if info.filename.endswith(("/", "\\")):
        return True
    mode = (info.external_attr >> 16) & 0xFFFF
    return info.create_system == 3 and stat.S_ISDIR(mode)


def _fix_name_encoding(info_name: str, flag_bits: int) -> str:
    # zipfile decodes names without the UTF-8 flag as cp437; many tools write UTF-8 anyway.
    if flag_bits & 0x800:
        return info_name
    try:
        return info_name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info_name


def _clean_parts(raw_name: str) -> list[str]:
    """Split a member name into safe path components (no '', '.', '..', drive, control chars)."""
    name = unicodedata.normalize("NFC", raw_name).replace("\\", "/")
    name = _DRIVE.sub("", name)
    parts = []
    for part in name.split("/"):
        part = _CONTROL.sub("", part).strip()
        if part in ("", ".", ".."):
            continue
        parts.append(part[:255])
    return parts


def _is_traversal(raw_name: str) -> bool:
    name = raw_name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name) or name.startswith("//"):
        return True
    return any(part == ".." for part in name.split("/"))


def _is_junk(parts: list[str]) -> bool:
    if not parts:
        return True
    if any(p.lower() in _JUNK_DIRS for p in parts[:-1]):
        return True
    base = parts[-1].lower()
    return base in _JUNK_NAMES or base.startswith("._") or base.startswith("~$")


def _unique(name: str, budget: _Budget) -> str:
    key = name.casefold()
    count = budget.names.get(key, 0) + 1
    budget.names[key] = count
    if count == 1:
        return name
    root, ext = posixpath.splitext(name)
    candidate = f"{root} ({count}){ext}"
    while candidate.casefold() in budget.names:
        count += 1
        candidate = f"{root} ({count}){ext}"
    budget.names[candidate.casefold()] = 1
    return candidate


def is_office_document(source: bytes | BinaryIO) -> bool:
    """DOCX/XLSX/PPTX/ODT are zips; they are documents, not archives to expand.

    Reads only the central directory; a file object is left at its start."""
    fileobj = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        with zipfile.ZipFile(fileobj) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False
    finally:
        fileobj.seek(0)
    return "[Content_Types].xml" in names or "mimetype" in names or "word/document.xml" in names


def human_size(n: int) -> str:
    """A byte count as recruiters read it: "10 MB", "2.5 MB", "300 KB"."""
    if n >= 1024 * 1024:
        value = n / (1024 * 1024)
        return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"
