"""Raster pictures (PNG files, and PNG or JPEG embedded in an SVG), read within a memory budget.

ReportLab turns a picture into raw RGB bytes (and a separate alpha channel), compresses and
hashes them; on the way its `ImageReader` keeps the decoded image, a split of its channels, the
converted copy and the bytes all at once, and keeps them for the life of the reader: a
5000 x 5000 RGBA PNG, within the old 25-megapixel limit, took 403 MB. So:

- a picture is judged by the bytes ReportLab will hold for it, read from its header before any
  pixel is decoded: width x height x 3 (4 when it has transparency), at most
  `MAX_RASTER_BYTES`; `TOO_LARGE` says it in pixels;
- a PNG file is decoded once, into exactly the bytes ReportLab's own reader would make (same
  Pillow calls, so the PDF is byte for byte the same), releasing each step before the next,
  and only the newest decoded picture is kept (`_Slot`), not one per picture;
- a picture embedded in an SVG keeps only its encoded bytes (`EmbeddedRaster`); it is decoded
  while a page draws it, and let go.
"""

from __future__ import annotations

import io
import threading
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader

MAX_RASTER_BYTES = 48_000_000
"""RGB(A) bytes of one picture: 16 million pixels (4000 x 4000), 12 million with transparency.
Print needs about 2000 pixels across a page; the process stays under 300 MB (measured: about
180 MB for a picture at the limit)."""
MAX_PIXELS = MAX_RASTER_BYTES // 3
TOO_LARGE = (
    "an image of {size}, too large: at most {opaque} million pixels, {alpha} million with "
    "transparency (4000 x 4000, or 4000 x 3000); save it smaller, 2000 pixels across is plenty "
    "for a handout"
)
FORMATS = ("PNG", "JPEG")
"""What a .png file or an embedded picture may really be (ReportLab embeds JPEG as it is)."""


class RasterProblem(Exception):
    """What is wrong with a raster picture, worded for the content editor."""


@dataclass(frozen=True)
class RasterHeader:
    format: str
    mode: str
    width: int
    height: int
    transparent: bool

    @property
    def channels(self) -> int:
        """Bytes per pixel of the data ReportLab makes: RGB, RGB and alpha, or CMYK."""
        return 4 if self.transparent or self.mode == "CMYK" else 3

    @property
    def cost(self) -> int:
        """The bytes of RGB(A) (or CMYK) data ReportLab holds for it."""
        return self.width * self.height * self.channels


def too_large(header: RasterHeader | None) -> str:
    if header is None:
        size = "hundreds of millions of pixels"
    else:
        with_alpha = " with transparency" if header.transparent else ""
        with_alpha = " in CMYK" if header.mode == "CMYK" else with_alpha
        size = f"{header.width:,} x {header.height:,} pixels{with_alpha}"
    return TOO_LARGE.format(
        size=size, opaque=MAX_RASTER_BYTES // 3_000_000, alpha=MAX_RASTER_BYTES // 4_000_000
    )


def read_header(source: Path | bytes, what: str = "PNG") -> RasterHeader:
    """Open a picture's header only (no pixel is decoded) and check its budget."""
    from PIL import Image, UnidentifiedImageError

    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with warnings.catch_warnings():  # Pillow's bomb warning would print to stderr
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                header = RasterHeader(
                    str(image.format), image.mode, image.width, image.height,
                    _transparent(image),
                )  # fmt: skip
    except Image.DecompressionBombError:
        raise RasterProblem(too_large(None)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise RasterProblem(f"not a readable {what} image; export it again") from None
    if header.format not in FORMATS:
        raise RasterProblem(f"a {header.format} image, not a {what}; save it as PNG")
    if header.format == "JPEG":
        _check_jpeg(source)
    if header.width < 1 or header.height < 1:
        raise RasterProblem(f"not a readable {what} image (it has no pixels); export it again")
    if header.cost > MAX_RASTER_BYTES:
        raise RasterProblem(too_large(header))
    return header


def _check_jpeg(source: Path | bytes) -> None:
    """ReportLab embeds a JPEG as it is, reading its header with a parser of its own: one that
    parser cannot read would be drawn as ReportLab's placeholder, or fail mid-build."""
    from reportlab.pdfbase.pdfutils import readJPEGInfo

    try:
        with io.BytesIO(source) if isinstance(source, bytes) else source.open("rb") as file:
            readJPEGInfo(file)
    except Exception:  # PDFError, struct.error on a short file, OSError
        raise RasterProblem(
            "a JPEG the PDF engine cannot embed (it needs 8 bits per channel, baseline or "
            "progressive); save it as PNG"
        ) from None


def _transparent(image: Any) -> bool:
    """Whether ReportLab will make an alpha channel for it (ImageReader.getRGBData)."""
    mode = image.mode
    if mode in ("LA", "RGBA"):
        return True
    if mode in ("L", "RGB", "CMYK"):
        return False
    return bool(image.format == "PNG" and mode == "P" and "transparency" in image.info)


def decode(source: Path | bytes, what: str = "PNG") -> tuple[str, bytes, bytes | None]:
    """The picture as ReportLab's ImageReader.getRGBData makes it: (mode, data, alpha data).

    The same Pillow calls in the same order, so the same bytes; each intermediate image is
    released as soon as the next exists. Raises RasterProblem if the pixels cannot be read
    (a header that promises more data than the file holds, a damaged stream)."""
    from PIL import Image

    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    opened: list[Any] = []  # every image made here, closed (its memory freed) when done with

    def keep(image: Any) -> Any:
        opened.append(image)
        return image

    try:
        image = keep(Image.open(stream))
        mode = image.mode
        alpha = None
        if mode in ("LA", "RGBA"):
            alpha = keep(image.getchannel(3 if mode == "RGBA" else 1))
            mode = mode[:-1]
            converted = keep(image.convert(mode))
            image.close()
            image = converted
        elif mode not in ("L", "RGB", "CMYK"):
            if image.format == "PNG" and mode == "P" and "transparency" in image.info:
                rgba = keep(image.convert("RGBA"))
                image.close()
                alpha = keep(rgba.getchannel(3))
                image = keep(rgba.convert("RGB"))
                rgba.close()
            else:
                converted = keep(image.convert("RGB"))
                image.close()
                image = converted
            mode = "RGB"
        data = image.tobytes()
        image.close()
        alpha_data = alpha.tobytes() if alpha is not None else None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, zlib.error):
        raise RasterProblem(
            f"not a readable {what} image (its pixels are damaged or cut short); export it again"
        ) from None
    finally:
        for image in opened:
            image.close()
    return mode, data, alpha_data


class _Slot:
    """The newest decoded picture, shared by every reader: one picture's bytes at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple[str, int, int] | None = None
        self.value: tuple[str, bytes, bytes | None] | None = None

    def get(self, path: Path, key: tuple[str, int, int]) -> tuple[str, bytes, bytes | None]:
        with self.lock:
            if self.key == key and self.value is not None:
                return self.value
            self.key = self.value = None  # let the previous picture go before decoding
            value = decode(path)
            self.key, self.value = key, value
            return value


_slot = _Slot()


def file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def check_pixels(path: Path) -> None:
    """Decode the file's pixels now, so a damaged one is found before any page (they are kept
    in the slot for the drawing)."""
    _slot.get(path, file_key(path))


class PngFileReader(ImageReader):  # type: ignore[misc]
    """ReportLab's ImageReader for a PNG file, getting its bytes from the shared slot.

    Used where ReportLab uses an ImageReader (canvas.drawImage and the image XObject); only the
    members those call are provided. `_image` is never decoded here."""

    def __init__(self, path: Path, header: RasterHeader):  # no super(): it reads the file
        self.fileName = str(path)
        self._ident = None
        self._path = path
        self._key = file_key(path)
        self._width, self._height = header.width, header.height
        self._jpeg = header.format == "JPEG"
        self.mode = header.mode
        self._dataA: _AlphaReader | None = None

    def _decoded(self) -> tuple[str, bytes, bytes | None]:
        return _slot.get(self._path, self._key)

    def getSize(self) -> tuple[int, int]:
        return self._width, self._height

    def getRGBData(self) -> bytes:
        mode, data, alpha = self._decoded()
        self.mode = mode
        self._dataA = _AlphaReader(alpha, self._width, self._height) if alpha else None
        return data

    def getTransparent(self) -> None:
        """ReportLab's answer for every PNG without an alpha channel: its colour-key lookup
        needs a palette, and a palette image with transparency gets an alpha channel."""
        return None

    def jpeg_fh(self) -> io.BytesIO | None:
        return io.BytesIO(self._path.read_bytes()) if self._jpeg else None


class _AlphaReader(ImageReader):  # type: ignore[misc]
    """The alpha channel as ReportLab's reader of an 'L' image gives it."""

    def __init__(self, data: bytes, width: int, height: int):
        self.fileName = "alpha"
        self._ident = None
        self._data = data
        self._width, self._height = width, height
        self.mode = "L"
        self._dataA = None

    def getSize(self) -> tuple[int, int]:
        return self._width, self._height

    def getRGBData(self) -> bytes:
        return self._data

    def jpeg_fh(self) -> None:
        return None


class EmbeddedRaster:
    """A picture from an SVG's data: URI, in place of the Pillow image svglib made: only the
    encoded bytes are kept, and each draw decodes them afresh (ReportLab's inline images call
    `convert`, `tobytes`, `fp`, `format`, `mode`, `size`)."""

    def __init__(self, image: Any):
        self.mode: str = image.mode
        self.size: tuple[int, int] = image.size
        self.format: str | None = image.format
        self.info: dict[str, Any] = dict(image.info)
        fp = getattr(image, "fp", None)
        if getattr(image, "_im", None) is None and isinstance(fp, io.BytesIO):
            self._encoded: bytes | None = fp.getvalue()  # not decoded yet: its file's bytes
            self._raw = None
        else:  # svglib converted it already (a palette with transparency, to RGBA)
            self._encoded = None
            self._raw = zlib.compress(image.tobytes(), 1)

    def _image(self) -> Any:
        from PIL import Image

        if self._encoded is not None:
            return Image.open(io.BytesIO(self._encoded))
        assert self._raw is not None
        return Image.frombytes(self.mode, self.size, zlib.decompress(self._raw))

    @property
    def fp(self) -> io.BytesIO:
        return io.BytesIO(self._encoded or b"")

    def convert(self, mode: str) -> Any:
        with self._image() as image:
            return image.convert(mode)

    def tobytes(self) -> bytes:
        with self._image() as image:
            return bytes(image.tobytes())
