"""Plain text and Markdown files: decoded as they were most likely written."""

from __future__ import annotations

import codecs

from recruiting.extraction.result import ExtractedText, finish


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (BOM or not), UTF-16/32 with a BOM, else cp1252, else latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", "replace"), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def extract_plain(data: bytes, content_type: str) -> ExtractedText:
    text, encoding = decode_text(data)
    warnings = () if encoding.startswith("utf") else (f"Decoded as {encoding}.",)
    return finish(text, page_count=1, content_type=content_type, method="text", warnings=warnings)
