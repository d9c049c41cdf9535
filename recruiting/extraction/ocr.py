"""OCR: images, and the PDF pages that have no text layer.

pytesseract with the ``tesseract`` binary (Debian package ``tesseract-ocr``); PDF pages are
rendered by pypdfium2 at :data:`OCR_DPI`. Without the binary (or with ``ocr=False``) such
files fail with code ``no_text_layer``.
"""

from __future__ import annotations

import io
import logging
import shutil

from recruiting.extraction.errors import (
    NO_TEXT_LAYER_NO_OCR,
    NO_TEXT_LAYER_OCR_EMPTY,
    ExtractionError,
)
from recruiting.extraction.limits import (
    MAX_IMAGE_FRAMES,
    MAX_IMAGE_PIXELS,
    MAX_OCR_PAGES,
    OCR_MAX_SIDE_PX,
    OCR_TIMEOUT_S,
)
from recruiting.extraction.pdfium import PDFIUM_LOCK, open_pdfium
from recruiting.extraction.result import ExtractedText, finish, has_meaningful_text, normalise_text

logger = logging.getLogger(__name__)

OCR_DPI = 300
OCR_LANG = "eng"


def tesseract_available() -> bool:
    """True when the ``tesseract`` binary is on PATH (and pytesseract imports)."""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract  # noqa: F401
    except ImportError:  # pragma: no cover - it is a declared dependency
        return False
    return True


def ocr_pdf_pages(data: bytes, page_indexes: list[int], warnings: list[str]) -> dict[int, str]:
    """OCR the given pages (rendered by pdfium). Returns {page index: text}.

    Each page is rendered under the pdfium lock and read by tesseract outside it."""
    with PDFIUM_LOCK:
        try:
            doc = open_pdfium(data)
        except ExtractionError:
            warnings.append("The scanned pages could not be rendered for OCR.")
            return {}
        todo = [i for i in page_indexes if i < len(doc)]
    out: dict[int, str] = {}
    try:
        if len(todo) > MAX_OCR_PAGES:
            warnings.append(f"Only the first {MAX_OCR_PAGES} scanned pages were read with OCR.")
            todo = todo[:MAX_OCR_PAGES]
        for index in todo:
            with PDFIUM_LOCK:
                page = doc[index]
                try:
                    w, h = page.get_size()
                    scale = OCR_DPI / 72
                    longest = max(w, h) * scale
                    if longest > OCR_MAX_SIDE_PX:
                        scale *= OCR_MAX_SIDE_PX / longest
                    if min(w, h) * scale < 8:
                        continue  # a page a few points wide holds nothing legible
                    bitmap = page.render(scale=scale, grayscale=True)
                    try:
                        image = bitmap.to_pil().copy()  # not tied to pdfium memory
                    finally:
                        bitmap.close()
                except Exception as exc:
                    logger.info("pdfium could not render page %s: %r", index, exc)
                    warnings.append(f"Page {index + 1} could not be rendered for OCR.")
                    continue
                finally:
                    page.close()
            out[index] = ocr_image(image, warnings)
    finally:
        with PDFIUM_LOCK:
            doc.close()
    return out


def ocr_image(image, warnings: list[str]) -> str:
    import pytesseract

    try:
        text = pytesseract.image_to_string(image, lang=OCR_LANG, timeout=OCR_TIMEOUT_S)
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        warnings.append("OCR timed out on a page.")
        logger.info("tesseract timeout: %r", exc)
        return ""
    except pytesseract.TesseractError as exc:
        warnings.append("OCR failed on a page.")
        logger.info("tesseract error: %r", exc)
        return ""
    text = normalise_text(text)
    # Tesseract turns pictures into a few stray symbols; require some real words.
    if not has_meaningful_text(text, min_words=3):
        return ""
    return text


def extract_image(data: bytes, content_type: str, *, ocr: bool) -> ExtractedText:
    if not (ocr and tesseract_available()):
        raise ExtractionError(NO_TEXT_LAYER_NO_OCR, code="no_text_layer")
    from PIL import Image, ImageOps

    warnings: list[str] = []
    texts: list[str] = []
    try:
        with Image.open(io.BytesIO(data)) as img:
            n_frames = getattr(img, "n_frames", 1) or 1
            if n_frames > MAX_IMAGE_FRAMES:
                warnings.append(
                    f"Only the first {MAX_IMAGE_FRAMES} of {n_frames} pages were read with OCR."
                )
            for frame in range(min(n_frames, MAX_IMAGE_FRAMES)):
                img.seek(frame)
                if img.width * img.height > MAX_IMAGE_PIXELS:
                    raise ExtractionError(
                        "The image is too large to read. Upload a smaller scan or a PDF.",
                        code="too_large",
                    )
                page = ImageOps.exif_transpose(img)
                if page.mode not in ("L", "RGB", "1"):
                    page = page.convert("RGB")
                texts.append(ocr_image(page, warnings))
    except ExtractionError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ExtractionError(
            "The image is too large to read. Upload a smaller scan or a PDF.", code="too_large"
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ExtractionError(
            "The image is damaged and could not be read.", code="corrupt"
        ) from exc
    text = "\n\n".join(t for t in texts if t)
    if not has_meaningful_text(text):
        raise ExtractionError(NO_TEXT_LAYER_OCR_EMPTY, code="no_text_layer")
    return finish(
        text,
        page_count=len(texts),
        content_type=content_type,
        method="ocr",
        warnings=warnings,
        paged=True,
    )
