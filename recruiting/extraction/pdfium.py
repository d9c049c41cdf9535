"""pdfium's characters (pypdfium2), made to look like pdfminer's for the layout pass.

The 65 glued outputs that the layout pass first gave on pdfium's boxes came from four
differences, undone in :class:`_PdfiumPage`: pdfium drops a text object whose box is empty, and
a space glyph drawn on its own is one (every space of the wkhtmltopdf resumes:
``FinancialAccountantspecializing``), so those spaces are recovered from the page objects; its
generated spaces and line breaks are dropped (the layout pass decides); ``FPDFText_GetFontSize``
is the unscaled size (19 for 11.4 pt text), so the size is scaled by the character matrix; and
the loose box's vertical extent follows some glyphs, so boxes are rebuilt from the baseline and
the font descent (Type3 fonts share the page's lowest Type3 descent: Chrome puts capitals in
their own subset). Ligature pieces are merged back, U+FFFE is a line-end hyphen. Icon fonts
(Font Awesome, marvosym, ...) are dropped. On the way, the characters a reader cannot see are
noted (:mod:`recruiting.extraction.hidden`).

**pdfium is not thread-safe**: every pdfium call holds :data:`PDFIUM_LOCK` (the worker is one
thread per process; the web layer may extract in request threads).
"""

from __future__ import annotations

import ctypes
import math
import re
import threading

from recruiting.extraction.errors import CORRUPT_PDF_REASON, ENCRYPTED_REASON, ExtractionError
from recruiting.extraction.hidden import HIDDEN_FONT_SIZE, HIDDEN_LUMINANCE, HiddenRuns
from recruiting.extraction.layout import ICON_FONT, page_text_from_raw
from recruiting.extraction.limits import MAX_PDF_PAGES
from recruiting.extraction.result import normalise_text

PDFIUM_LOCK = threading.RLock()


def open_pdfium(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise ExtractionError(ENCRYPTED_REASON, code="encrypted") from None
        raise ExtractionError(CORRUPT_PDF_REASON, code="corrupt") from None


def page_texts(
    data: bytes,
    warnings: list[str],
    *,
    untrusted: list[int] | None = None,
    hidden: dict[int, list[list[tuple]]] | None = None,
) -> tuple[list[str], int, list[int]]:
    """Page texts from pdfium's characters and our layout pass.

    With an `untrusted` list, pages whose pdfium text should not be trusted (see
    :meth:`_PdfiumPage.chars`) are added to it; their text is still pdfium's best effort.
    Without it (pdfium as the fallback reader) every page is read leniently. With a `hidden`
    dict, each page's runs of hidden characters go in it by page index."""
    raws: list[list[tuple]] = []
    with PDFIUM_LOCK:
        doc = open_pdfium(data)
        try:
            n_pages = len(doc)
            if n_pages == 0:
                return [], 0, []
            if n_pages > MAX_PDF_PAGES:
                warnings.append(f"Only the first {MAX_PDF_PAGES} of {n_pages} pages were read.")
            api = _pdfium_api()
            for index in range(min(n_pages, MAX_PDF_PAGES)):
                page = doc[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        raw = None
                        if untrusted is not None:
                            reader = _PdfiumPage(api, page, textpage)
                            raw = reader.chars(strict=True)
                            if raw is None:
                                untrusted.append(index)
                        if raw is None:
                            reader = _PdfiumPage(api, page, textpage)
                            raw = reader.chars(strict=False)
                        if hidden is not None and reader.hidden.runs:
                            hidden[index] = reader.hidden.chars(raw)
                    finally:
                        textpage.close()
                finally:
                    page.close()
                raws.append(raw)
        finally:
            doc.close()
    # The layout pass is pure Python: run it without holding the pdfium lock.
    pages_text: list[str] = []
    empty_pages: list[int] = []
    for index, raw in enumerate(raws):
        page_text = page_text_from_raw(raw)
        if not normalise_text(page_text):
            empty_pages.append(index)
        pages_text.append(page_text)
    return pages_text, len(raws), empty_pages


class _PdfiumApi:
    """The pdfium functions of the character loop, declared with plain integer handles.

    pypdfium2's bindings type every handle as a ctypes pointer, so each call builds pointer
    objects, and keying a dict by a handle needs a cast. The loop below makes 10-40k calls on
    a resume page; the same C functions declared with ``c_void_p`` take half the time (1.0 us
    against 2.0 us a character for the three per-character calls plus the cast)."""

    _NAMES = (
        "FPDFText_CountChars",
        "FPDFText_GetUnicode",
        "FPDFText_GetTextObject",
        "FPDFText_IsGenerated",
        "FPDFText_HasUnicodeMapError",
        "FPDFText_GetLooseCharBox",
        "FPDFText_GetCharOrigin",
        "FPDFText_GetMatrix",
        "FPDFTextObj_GetFont",
        "FPDFTextObj_GetFontSize",
        "FPDFFont_GetBaseFontName",
        "FPDFFont_GetDescent",
        "FPDFFont_GetIsEmbedded",
        "FPDFFont_GetFontData",
        "FPDFPage_CountObjects",
        "FPDFPage_GetObject",
        "FPDFFormObj_CountObjects",
        "FPDFFormObj_GetObject",
        "FPDFPageObj_GetType",
        "FPDFPageObj_GetBounds",
        "FPDFPageObj_GetMatrix",
        "FPDFPageObj_GetFillColor",
        "FPDFPageObj_CountMarks",
        "FPDFPageObj_GetMark",
        "FPDFPageObjMark_GetParamValueType",
        "FPDFPageObjMark_GetParamStringValue",
    )

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def plain(t):
            # Any pointer (handles, out-parameters, buffers) becomes a bare address.
            return ctypes.c_void_p if isinstance(t, type) and issubclass(t, ctypes._Pointer) else t

        for name in self._NAMES:
            fn = getattr(raw, name)
            proto = ctypes.CFUNCTYPE(plain(fn.restype), *(plain(t) for t in fn.argtypes))
            setattr(self, name, proto(ctypes.cast(fn, ctypes.c_void_p).value))
        self.FS_RECTF = raw.FS_RECTF
        self.FS_MATRIX = raw.FS_MATRIX
        self.TEXT = raw.FPDF_PAGEOBJ_TEXT
        self.FORM = raw.FPDF_PAGEOBJ_FORM
        self.UNKNOWN = raw.FPDF_OBJECT_UNKNOWN


_PDFIUM_API: _PdfiumApi | None = None


def _pdfium_api() -> _PdfiumApi:
    global _PDFIUM_API
    if _PDFIUM_API is None:
        _PDFIUM_API = _PdfiumApi()
    return _PDFIUM_API


# Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation
# forms): pdfium reorders and mirrors them, and its ToUnicode reading failed on our samples.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


# The descent of a Type3 font whose glyph boxes say nothing useful (see _PdfiumPage).
_TYPE3_DESCENT = -0.2


class _PdfiumPage:
    """The characters of one pdfium page, shaped like pdfminer's for :func:`page_text_from_raw`.

    pdfium's text page differs from pdfminer's characters in ways that matter to the layout
    pass, undone here:

    * it drops text objects whose box is empty, and a space glyph drawn on its own (every
      space of the wkhtmltopdf resumes) is one: they come back from the page objects
      (:meth:`_dropped_spaces`), otherwise ``Financial Accountant`` comes out glued;
    * it inserts spaces and line breaks of its own (``IsGenerated``): dropped, the layout
      pass decides where words end, as it does with pdfminer's characters;
    * ``FPDFTextObj_GetFontSize`` is the size before the text and page matrices: scaled by
      the character matrix here, like pdfminer's ``size``;
    * the loose box's vertical extent follows the glyph on some fonts, so the box is rebuilt
      across the baseline from the font's descent, pdfminer's definition. A Type3 font's
      descent comes from the glyphs it holds (Chrome splits a face into Type3 subsets, one of
      capitals only), so all Type3 fonts of a page share the lowest of their descents;
    * a ligature's letters share one box: merged back into one character;
    * a line-end hyphen is reported as U+FFFE.

    On the way it notes the characters a reader cannot see (:attr:`hidden`): drawn in a fill
    near white, under :data:`HIDDEN_FONT_SIZE`, or outside the page's crop box.
    """

    def __init__(self, api: _PdfiumApi, page, textpage) -> None:
        self.api = api
        self.page = ctypes.cast(page.raw, ctypes.c_void_p).value
        self.textpage = textpage
        self.tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        self.height = page.get_height()
        self.crop = page.get_cropbox()  # (left, bottom, right, top) in PDF space
        self.hidden = HiddenRuns()
        self.fonts: dict[int, tuple[bool, float, bool]] = {}
        self.objects: dict[int, tuple | None] = {}
        self.raw: list[tuple] = []
        self.type3: list[tuple[int, float, float, float, float, float]] = []
        # ctypes out-parameters, reused, and their addresses
        self.rect = api.FS_RECTF()
        self.matrix = api.FS_MATRIX()
        self.f = (ctypes.c_float * 4)()
        self.u = (ctypes.c_uint * 4)()
        self.d = (ctypes.c_double * 2)()
        self.n = ctypes.c_size_t()
        self.name = ctypes.create_string_buffer(256)
        self.actual_text = ctypes.create_string_buffer(b"ActualText")
        self.rect_p = ctypes.addressof(self.rect)
        self.matrix_p = ctypes.addressof(self.matrix)
        self.f_p = [ctypes.addressof(self.f) + 4 * k for k in range(4)]
        self.u_p = [ctypes.addressof(self.u) + ctypes.sizeof(ctypes.c_uint) * k for k in range(4)]
        self.d_p = [ctypes.addressof(self.d) + 8 * k for k in range(2)]
        self.n_p = ctypes.addressof(self.n)
        self.name_p = ctypes.addressof(self.name)
        self.actual_text_p = ctypes.addressof(self.actual_text)

    def chars(self, *, strict: bool) -> list[tuple] | None:
        """Raw characters (x0, x1, top, bottom, text, size, dx, dy) of the page.

        With `strict`, None when the page's text should come from pdfminer instead:
        right-to-left scripts (pdfium reorders and mirrors them, and misread the ToUnicode
        CMap of our Arabic samples), glyphs without a Unicode mapping other than control
        codes, /ActualText spans (pdfium puts their text in place of the glyphs'), or more
        dropped text objects than characters (empty glyph boxes: pdfium lost real text)."""
        text = self._text(strict=strict)
        if text is None or not self._read_chars(text, strict=strict):
            return None
        n_chars = len(self.raw)
        dropped = self._dropped_spaces()
        if strict and dropped > n_chars:
            return None
        if self.type3:
            self._align_type3()
        return self.raw

    def _text(self, *, strict: bool) -> str | None:
        """The text page's characters, one per index; None when strict and right-to-left."""
        api, tp = self.api, self.tp
        n = max(api.FPDFText_CountChars(tp), 0)
        text = self.textpage.get_text_range(0, n) if n else ""
        if strict and _RTL.search(text):
            return None
        if len(text) != n:  # characters outside the BMP
            text = "".join(chr(min(api.FPDFText_GetUnicode(tp, i), 0x10FFFF)) for i in range(n))
        return text

    def _read_chars(self, text: str, *, strict: bool) -> bool:
        """Fill :attr:`raw` (and :attr:`hidden`, :attr:`type3`) from the text page; False when
        strict and a character says the page is not to be trusted.

        The hot loop of PDF extraction (10-40k characters a page): what the characters of a
        text object share is looked up once per object (:meth:`_object`)."""
        api, tp, height = self.api, self.tp, self.height
        objects, raw, type3, rect = self.objects, self.raw, self.type3, self.rect
        hidden = self.hidden
        crop_left, crop_bottom, crop_right, crop_top = self.crop
        prev_box = None
        for i in range(len(text)):
            obj = api.FPDFText_GetTextObject(tp, i)
            if not obj:
                prev_box = None
                continue
            info = objects.get(obj, False)
            if info is False:
                info = objects[obj] = self._object(i, obj, strict=strict)
            if info is None:
                return False
            icon, dx, dy, size, v0, v1, horizontal, is_type3, a, b, ox, oy, unseen = info
            if icon:
                continue
            if a and b and abs(b) > 0.01 * abs(a) and abs(a) > 0.01 * abs(b):
                ox, oy, v0, v1, horizontal = self._slanted(i, obj, a, b, size)
            ch = text[i]
            if ch in " \r\n" and api.FPDFText_IsGenerated(tp, i):
                prev_box = None
                continue
            if api.FPDFText_HasUnicodeMapError(tp, i):
                # pdfminer prints such a glyph as "(cid:N)", which normalisation drops; pdfium
                # guesses from the character code. A control code is noise (math extension
                # glyphs); a printable guess may be wrong letters.
                if not ch.isprintable() or ch.isspace():
                    continue
                if strict:
                    return False
            ch = "-" if ch == "\ufffe" else ch  # pdfium's line-end hyphen
            api.FPDFText_GetLooseCharBox(tp, i, self.rect_p)
            box = (
                (rect.left, rect.right, v0, v1)
                if horizontal
                else (v0, v1, height - rect.top, height - rect.bottom)
            )
            if box == prev_box:
                last = raw[-1]
                raw[-1] = (*box, last[4] + ch, *last[5:])
                continue
            prev_box = box
            if (
                unseen
                or rect.right < crop_left
                or rect.left > crop_right
                or rect.top < crop_bottom
                or rect.bottom > crop_top
            ):
                hidden.hide(len(raw))
            elif not ch.isspace():
                hidden.show()
            if is_type3:
                type3.append((len(raw), a, b, size, ox, oy))
            raw.append((*box, ch, size, dx, dy))
        return True

    def _slanted(
        self, i: int, obj: int, a: float, b: float, size: float
    ) -> tuple[float, float, float, float, bool]:
        """Origin and extent of a character of slanted text (a diagonal watermark), whose
        baseline moves glyph by glyph: (origin x, y, v0, v1, horizontal)."""
        api = self.api
        api.FPDFText_GetCharOrigin(self.tp, i, self.d_p[0], self.d_p[1])
        ox, oy = self.d[0], self.d[1]
        descent = self._font(api.FPDFTextObj_GetFont(obj))[1]
        v0, v1, horizontal = _glyph_extent(a, b, size, descent, ox, oy, self.height)[3:]
        return ox, oy, v0, v1, horizontal

    def _font(self, font: int) -> tuple[bool, float, bool]:
        """(icon font, descent per unit of font size (negative), Type3) of a pdfium font."""
        got = self.fonts.get(font)
        if got is None:
            api = self.api
            length = api.FPDFFont_GetBaseFontName(font, self.name_p, 256)
            name = self.name.raw[: max(min(length, 256) - 1, 0)].decode("latin-1")
            self.f[0] = 0.0
            descent = -abs(self.f[0]) if api.FPDFFont_GetDescent(font, 1.0, self.f_p[0]) else 0.0
            # pdfium counts a Type3 font as embedded, with no font program.
            self.n.value = 0
            is_type3 = bool(
                api.FPDFFont_GetIsEmbedded(font)
                and api.FPDFFont_GetFontData(font, None, 0, self.n_p)
                and self.n.value == 0
            )
            got = self.fonts[font] = (bool(ICON_FONT.search(name)), descent, is_type3)
        return got

    def _object(self, i: int, obj: int, *, strict: bool) -> tuple | None:
        """What the characters of one text object share: (icon font, baseline direction dx,
        dy, font size, the box's extent across the baseline v0..v1, horizontal, Type3, a, b,
        origin x, y, unseen: a fill near white or a tiny size). None when strict and the
        object carries an /ActualText."""
        api = self.api
        if strict and api.FPDFPageObj_CountMarks(obj) > 0 and self._has_actual_text(obj):
            return None
        icon, descent, is_type3 = self._font(api.FPDFTextObj_GetFont(obj))
        self.f[0] = 0.0
        api.FPDFTextObj_GetFontSize(obj, self.f_p[0])
        m = self.matrix
        api.FPDFText_GetMatrix(self.tp, i, self.matrix_p)
        size = self.f[0] * math.hypot(m.c, m.d)
        api.FPDFText_GetCharOrigin(self.tp, i, self.d_p[0], self.d_p[1])
        ox, oy = self.d[0], self.d[1]
        extent = _glyph_extent(m.a, m.b, size, descent, ox, oy, self.height)
        unseen = 0 < size < HIDDEN_FONT_SIZE
        if not unseen and api.FPDFPageObj_GetFillColor(obj, *self.u_p):
            r, g, b = self.u[0], self.u[1], self.u[2]
            unseen = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 > HIDDEN_LUMINANCE
        return (icon, *extent, is_type3, m.a, m.b, ox, oy, unseen)

    def _has_actual_text(self, obj: int) -> bool:
        """Whether a marked-content /ActualText replaces the object's glyphs in pdfium's text.

        pdfium substitutes an /ActualText holding a printable character for the glyphs,
        spread evenly over their box; it ignores an empty one and drops the glyphs of one
        with nothing printable (Typst marks some glyphs with a lone NUL): both agree with
        what the author declared the text to be, so only the first kind is not trusted."""
        api = self.api
        for k in range(api.FPDFPageObj_CountMarks(obj)):
            mark = api.FPDFPageObj_GetMark(obj, k)
            if not mark:
                continue
            if api.FPDFPageObjMark_GetParamValueType(mark, self.actual_text_p) == api.UNKNOWN:
                continue
            size = ctypes.c_ulong(0)
            size_p = ctypes.addressof(size)
            api.FPDFPageObjMark_GetParamStringValue(mark, self.actual_text_p, None, 0, size_p)
            if size.value <= 2:  # just the UTF-16 terminator
                continue
            buf = ctypes.create_string_buffer(size.value)
            api.FPDFPageObjMark_GetParamStringValue(
                mark, self.actual_text_p, ctypes.addressof(buf), size.value, size_p
            )
            text = buf.raw[: size.value].decode("utf-16-le", "replace")
            # pdfium's test for "something to show" (CPDF_TextPage::PreMarkedContent)
            if any(0x80 < ord(c) < 0xFFFD or (ord(c) <= 0x80 and c.isprintable()) for c in text):
                return True
        return False

    def _dropped_spaces(self) -> int:
        """Add a space for each text object pdfium left out of its text page because its box
        is empty (a space glyph drawn on its own); returns how many. pdfminer keeps those
        spaces, and without them words drawn glyph by glyph run together."""
        api, seen, f = self.api, self.objects, self.f
        dropped = 0
        todo: list[tuple[int | None, tuple | None]] = [(None, None)]
        while todo:
            form, form_matrix = todo.pop()
            if form is None:
                count = api.FPDFPage_CountObjects(self.page)
            else:
                count = api.FPDFFormObj_CountObjects(form)
            for k in range(count):
                if form is None:
                    obj = api.FPDFPage_GetObject(self.page, k)
                else:
                    obj = api.FPDFFormObj_GetObject(form, k)
                if not obj or obj in seen:
                    continue
                kind = api.FPDFPageObj_GetType(obj)
                if kind == api.FORM:
                    api.FPDFPageObj_GetMatrix(obj, self.matrix_p)
                    todo.append((obj, _mul(_matrix(self.matrix), form_matrix)))
                    continue
                if kind != api.TEXT:
                    continue
                api.FPDFPageObj_GetBounds(obj, *self.f_p)
                if abs(f[2] - f[0]) >= 0.01:
                    continue  # a repeated object (fake bold): the layout pass drops those too
                icon, descent, is_type3 = self._font(api.FPDFTextObj_GetFont(obj))
                if icon:
                    continue
                api.FPDFPageObj_GetMatrix(obj, self.matrix_p)
                a, b, c, d, e, f_ = _mul(_matrix(self.matrix), form_matrix)
                f[0] = 0.0
                api.FPDFTextObj_GetFontSize(obj, self.f_p[0])
                size = f[0] * math.hypot(c, d)
                dx, dy, size, v0, v1, horizontal = _glyph_extent(
                    a, b, size, descent, e, f_, self.height
                )
                if is_type3:
                    self.type3.append((len(self.raw), a, b, size, e, f_))
                if horizontal:
                    self.raw.append((e, e, v0, v1, " ", size, dx, dy))
                else:
                    y = self.height - f_
                    self.raw.append((v0, v1, y, y, " ", size, dx, dy))
                dropped += 1
        return dropped

    def _align_type3(self) -> None:
        descents = [d for _icon, d, is_type3 in self.fonts.values() if is_type3]
        descent = min(descents, default=_TYPE3_DESCENT)
        if descent > -0.1:  # no subset with descenders: a typical value
            descent = _TYPE3_DESCENT
        raw = self.raw
        for index, a, b, size, ox, oy in self.type3:
            _dx, _dy, _size, v0, v1, horizontal = _glyph_extent(
                a, b, size, descent, ox, oy, self.height
            )
            x0, x1, top, bottom, *rest = raw[index]
            raw[index] = (x0, x1, v0, v1, *rest) if horizontal else (v0, v1, top, bottom, *rest)


def _glyph_extent(
    a: float, b: float, size: float, descent: float, ox: float, oy: float, height: float
) -> tuple[float, float, float, float, float, bool]:
    """Baseline direction and the glyph box's extent across the baseline, as pdfminer builds
    it: from ``descent * size`` to ``(descent + 1) * size`` above the baseline through the
    origin (ox, oy) in PDF space. Returns (dx, dy, size, v0, v1, horizontal) in page space
    with y growing downwards; v0..v1 is top..bottom for horizontal text, x0..x1 otherwise."""
    dx, dy = a, -b
    low = descent * size
    if abs(dx) >= abs(dy):
        if dx >= 0:  # upright
            return dx, dy, size, height - (oy + low + size), height - (oy + low), True
        return dx, dy, size, height - (oy - low), height - (oy - low - size), True
    if dy > 0:  # runs down the page: the glyphs' up is +x
        return dx, dy, size, ox + low, ox + low + size, False
    return dx, dy, size, ox - low - size, ox - low, False


def _matrix(m) -> tuple[float, float, float, float, float, float]:
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _mul(m1: tuple, m2: tuple | None) -> tuple:
    """m1 then m2 (PDF's row-vector convention); m2 None is the identity."""
    if m2 is None:
        return m1
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )
