"""Tests for recruiting.archives: hostile zips are built in memory with `zipfile`."""

from __future__ import annotations

import io
import stat
import struct
import warnings
import zipfile

import pytest

from recruiting.archives import ArchiveError, ArchiveMember, iter_zip_members

MB = 1024 * 1024
LIMITS = {"max_member_bytes": 5 * MB, "max_total_bytes": 20 * MB}


@pytest.fixture(autouse=True)
def _media_root():
    """Override the project's autouse fixture (it needs pytest-django): no storage here."""
    yield


def make_zip(entries, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """entries: (name or ZipInfo, bytes) pairs."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are deliberate in some tests
        with zipfile.ZipFile(buf, "w", compression=compression) as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return buf.getvalue()


def members(data: bytes, **kwargs) -> list[ArchiveMember]:
    return list(iter_zip_members(data, **{**LIMITS, **kwargs}))


def by_name(result: list[ArchiveMember]) -> dict[str, ArchiveMember]:
    return {m.name: m for m in result}


def test_plain_members_with_folders():
    data = make_zip([("a.pdf", b"%PDF-1 a"), ("folder/b.docx", b"docx bytes"), ("folder/", b"")])
    result = members(data)
    assert [(m.name, m.data, m.error) for m in result] == [
        ("a.pdf", b"%PDF-1 a", None),
        ("folder/b.docx", b"docx bytes", None),
    ]
    assert all(m.ok for m in result)


def test_directories_and_os_junk_are_skipped_silently():
    data = make_zip(
        [
            ("__MACOSX/", b""),
            ("__MACOSX/._cv.pdf", b"junk"),
            ("cvs/.DS_Store", b"junk"),
            ("cvs/._cv.pdf", b"junk"),
            ("Thumbs.db", b"junk"),
            ("cvs/~$draft.docx", b"junk"),
            ("cvs/cv.pdf", b"real"),
        ]
    )
    assert [m.name for m in members(data)] == ["cvs/cv.pdf"]


@pytest.mark.parametrize(
    "evil",
    [
        "../evil.pdf",
        "a/../../evil.pdf",
        "/etc/passwd",
        "..\\..\\windows\\evil.pdf",
        "C:\\temp\\evil.pdf",
        "C:/evil.pdf",
        "//server/share/evil.pdf",
    ],
)
def test_path_traversal_is_rejected(evil):
    result = members(make_zip([(evil, b"payload"), ("ok.pdf", b"fine")]))
    bad, good = result
    assert bad.data is None
    assert "outside the archive" in bad.error
    assert not bad.name.startswith("/")
    assert ".." not in bad.name.split("/")
    assert "\\" not in bad.name and ":" not in bad.name
    assert good == ArchiveMember("ok.pdf", b"fine", None)


def test_backslash_paths_are_normalised():
    result = members(make_zip([("folder\\sub\\cv.pdf", b"x")]))
    assert result == [ArchiveMember("folder/sub/cv.pdf", b"x", None)]


def test_symlinks_are_rejected():
    link = zipfile.ZipInfo("cv.pdf")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    result = members(make_zip([(link, b"/etc/passwd"), ("real.pdf", b"r")]))
    assert result[0].data is None and "link" in result[0].error.lower()
    assert result[1].ok


def _set_encrypted(data: bytes, *names: bytes) -> bytes:
    """Set the "encrypted" flag of members (zipfile cannot write real encryption)."""
    raw = bytearray(data)
    for sig, flag_off, name_len_off, name_off in (
        (b"PK\x03\x04", 6, 26, 30),
        (b"PK\x01\x02", 8, 28, 46),
    ):
        pos = raw.find(sig)
        while pos != -1:
            name_len = struct.unpack_from("<H", raw, pos + name_len_off)[0]
            if bytes(raw[pos + name_off : pos + name_off + name_len]) in names:
                flags = struct.unpack_from("<H", raw, pos + flag_off)[0]
                struct.pack_into("<H", raw, pos + flag_off, flags | 0x1)
            pos = raw.find(sig, pos + 4)
    return bytes(raw)


def test_encrypted_member_is_rejected():
    data = _set_encrypted(make_zip([("secret.pdf", b"xx"), ("open.pdf", b"ok")]), b"secret.pdf")
    result = members(data)
    assert result[0].data is None and "password" in result[0].error
    assert result[1] == ArchiveMember("open.pdf", b"ok", None)


def test_all_encrypted_archive_is_an_error():
    data = _set_encrypted(make_zip([("a.pdf", b"1"), ("b.pdf", b"2")]), b"a.pdf", b"b.pdf")
    with pytest.raises(ArchiveError, match="password"):
        members(data)


def test_duplicate_names_get_a_suffix():
    result = members(
        make_zip(
            [
                ("cv.pdf", b"1"),
                ("cv.pdf", b"2"),
                ("CV.pdf", b"3"),
                ("dir\\cv.pdf", b"4"),
                ("dir/cv.pdf", b"5"),
            ]
        )
    )
    assert [m.name for m in result] == [
        "cv.pdf",
        "cv (2).pdf",
        "CV (3).pdf",
        "dir/cv.pdf",
        "dir/cv (2).pdf",
    ]
    assert [m.data for m in result] == [b"1", b"2", b"3", b"4", b"5"]


def test_utf8_names_without_flag_are_decoded():
    data = make_zip([("résumé.pdf", b"1")])
    # zipfile sets the UTF-8 flag itself; clear it to mimic tools that do not.
    raw = bytearray(data)
    for sig, flag_off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = raw.find(sig)
        flags = struct.unpack_from("<H", raw, pos + flag_off)[0]
        struct.pack_into("<H", raw, pos + flag_off, flags & ~0x800)
    assert [m.name for m in members(bytes(raw))] == ["résumé.pdf"]


# --------------------------------------------------------------------------------------------
# Bombs
# --------------------------------------------------------------------------------------------


def test_member_over_size_limit_is_rejected_without_reading():
    result = members(make_zip([("big.pdf", b"\0" * (6 * MB)), ("small.pdf", b"s")]))
    assert result[0].data is None and "too large" in result[0].error
    assert result[1].ok


def test_high_ratio_bomb_from_zeros_is_rejected():
    zeros = b"\0" * (50 * MB)
    data = make_zip([("bomb.pdf", zeros), ("cv.pdf", b"resume")])
    assert len(data) < 200_000  # a real bomb: about 1000:1
    result = members(data, max_member_bytes=100 * MB, max_total_bytes=200 * MB)
    assert result[0].data is None
    assert "zip bomb" in result[0].error
    assert result[1] == ArchiveMember("cv.pdf", b"resume", None)


def test_declared_total_over_limit_is_an_archive_error():
    data = make_zip([(f"f{i}.pdf", b"\0" * (4 * MB)) for i in range(6)])
    with pytest.raises(ArchiveError, match="unpacks to"):
        members(data)


def _patch_sizes(data: bytes, name: bytes, new_size: int) -> bytes:
    """Make the local header and the central directory lie about a member's size."""
    raw = bytearray(data)
    pos = raw.find(b"PK\x03\x04")
    while pos != -1:
        name_len = struct.unpack_from("<H", raw, pos + 26)[0]
        if raw[pos + 30 : pos + 30 + name_len] == name:
            struct.pack_into("<I", raw, pos + 22, new_size)
        pos = raw.find(b"PK\x03\x04", pos + 4)
    pos = raw.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46 : pos + 46 + name_len] == name:
            struct.pack_into("<I", raw, pos + 24, new_size)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    return bytes(raw)


def test_header_that_lies_about_size_is_caught():
    data = _patch_sizes(
        make_zip([("liar.pdf", b"A" * (3 * MB)), ("cv.pdf", b"ok")]), b"liar.pdf", 1000
    )
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("liar.pdf")
    assert info.file_size == 1000  # the header really lies
    result = members(data)
    assert result[0].data is None
    assert "damaged" in result[0].error or "larger than" in result[0].error
    assert result[1] == ArchiveMember("cv.pdf", b"ok", None)


def test_lying_header_cannot_exceed_total_budget():
    # Many small-declared members that really hold 2 MB each: we count real bytes.
    entries = [(f"f{i}.txt", bytes([65 + i]) * (2 * MB)) for i in range(5)]
    data = make_zip(entries)
    for name, _ in entries:
        data = _patch_sizes(data, name.encode(), 2 * MB)  # honest here...
    # ...but with a tiny total budget the real bytes trip the limit while reading.
    with pytest.raises(ArchiveError):
        list(iter_zip_members(data, max_member_bytes=5 * MB, max_total_bytes=3 * MB))


def test_overlapping_entries_bomb_is_an_archive_error():
    data = make_zip([("a.pdf", b"\0" * 100_000)])
    cd = data.find(b"PK\x01\x02")
    eocd = data.rfind(b"PK\x05\x06")
    entry = data[cd:eocd]
    entries, cd_size, cd_offset = struct.unpack_from("<HII", data, eocd + 10)
    new_eocd = bytearray(data[eocd:])
    struct.pack_into("<HHII", new_eocd, 8, entries * 3, entries * 3, cd_size * 3, cd_offset)
    bomb = data[:cd] + entry * 3 + bytes(new_eocd)
    with pytest.raises(ArchiveError, match="zip bomb"):
        members(bomb, max_total_bytes=10 * MB)


def test_too_many_members_is_an_archive_error():
    data = make_zip([(f"{i}.txt", b"x") for i in range(11)])
    with pytest.raises(ArchiveError, match="too many files"):
        members(data, max_members=10)


# --------------------------------------------------------------------------------------------
# Nesting, corruption
# --------------------------------------------------------------------------------------------


def test_nested_zip_is_expanded_one_level():
    innermost = make_zip([("deep.pdf", b"deep")])
    inner = make_zip([("inner.pdf", b"in"), ("deeper.zip", innermost)])
    outer = make_zip([("top.pdf", b"top"), ("batch/more.zip", inner)])
    result = by_name(members(outer))
    assert result["top.pdf"].data == b"top"
    assert result["batch/more.zip/inner.pdf"].data == b"in"
    assert result["batch/more.zip/deeper.zip"].data is None
    assert "nested" in result["batch/more.zip/deeper.zip"].error
    assert "batch/more.zip/deeper.zip/deep.pdf" not in result

    deeper = by_name(members(outer, max_depth=2))
    assert deeper["batch/more.zip/deeper.zip/deep.pdf"].data == b"deep"

    flat = by_name(members(outer, max_depth=0))
    assert flat["batch/more.zip"].data is None


def test_nested_budgets_are_shared():
    inner = make_zip([(f"{i}.txt", b"x") for i in range(6)])
    outer = make_zip([("a.txt", b"a"), ("inner.zip", inner)])
    with pytest.raises(ArchiveError, match="too many files"):
        members(outer, max_members=5)


def test_corrupt_nested_zip_is_a_rejected_member():
    inner = make_zip([("x.pdf", b"x" * 1000)])
    outer = make_zip(
        [("broken.zip", inner[:60]), ("ok.pdf", b"ok")], compression=zipfile.ZIP_STORED
    )
    result = by_name(members(outer))
    assert result["broken.zip"].data is None and "not a valid zip" in result["broken.zip"].error
    assert result["ok.pdf"].ok


def test_docx_inside_zip_is_a_file_not_an_archive():
    import docx

    document = docx.Document()
    document.add_paragraph("Jane")
    buf = io.BytesIO()
    document.save(buf)
    result = members(make_zip([("jane.docx", buf.getvalue())]))
    assert [(m.name, m.ok) for m in result] == [("jane.docx", True)]
    assert result[0].data == buf.getvalue()


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04" + b"\0" * 40])
def test_corrupt_archive_is_an_archive_error(data):
    with pytest.raises(ArchiveError) as info:
        members(data)
    assert info.value.reason


def test_truncated_archive_is_an_archive_error():
    data = make_zip([("a.pdf", b"a" * 10_000), ("b.pdf", b"b" * 10_000)])
    with pytest.raises(ArchiveError, match="not a valid zip"):
        members(data[: len(data) // 2])


def test_member_with_bad_crc_is_rejected():
    data = bytearray(make_zip([("a.txt", b"hello world" * 100)], compression=zipfile.ZIP_STORED))
    pos = data.find(b"hello world")
    data[pos] = ord("J")
    result = members(bytes(data))
    assert result[0].data is None and "damaged" in result[0].error
