"""The bounds on what one file may cost.

A hostile file should not hold a worker: pages read, pages sent to OCR, the size of a rendered
page and of an image are capped here. Callers still run extraction under a time limit (a Celery
soft time limit): pdfminer, the fallback PDF reader, is pure Python and a hostile PDF can make it
slow.
"""

MAX_PDF_PAGES = 50
MAX_OCR_PAGES = 15
OCR_MAX_SIDE_PX = 6000
OCR_TIMEOUT_S = 60
MAX_IMAGE_PIXELS = 60_000_000
MAX_IMAGE_FRAMES = MAX_OCR_PAGES
