"""Photos of publicity activities: decoded, turned upright, downscaled and re-encoded as JPEG
before they are stored (with a thumbnail), so the database and the sync bundles carry a few
hundred kilobytes per photo instead of a camera's 5-15 MB.

Pillow does the work (it is already installed with reportlab): Qt-free, so the command line,
the demo generator and the tests import photos without a QApplication, and it runs on the
worker thread the UI hands it to. JPEG files are decoded at a reduced size straight away
(``Image.draft``), which makes a 12-megapixel photo about four times faster to shrink.

Untrusted files: the file is read up to ``PHOTO_MAX_FILE_BYTES``; ``Image.open`` reads only
the header, and the size it declares (after ``draft``) is held to ``PHOTO_DECODE_MAX_PIXELS``
before any pixel is decoded, so a small file cannot expand into gigabytes.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from workstation.domain.errors import ValidationError
from workstation.domain.publicity import (
    PHOTO_DECODE_MAX_PIXELS,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_FILE_BYTES,
    PHOTO_MAX_PIXELS,
    PHOTO_MAX_SIDE,
    THUMBNAIL_MAX_SIDE,
)

#: JPEG qualities tried in turn until the photo fits ``PHOTO_MAX_BYTES``.
QUALITIES = (85, 78, 70, 60, 50)
THUMBNAIL_QUALITY = 75
#: File name suffixes offered by the file dialog (anything else is still tried).
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff")


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to store: JPEG bytes at most ``PHOTO_MAX_SIDE`` on the long side."""

    file_name: str
    data: bytes
    width: int
    height: int
    thumbnail: bytes
    sha256: str

    @property
    def size_bytes(self) -> int:
        return len(self.data)


def _refuse(name: str, why: str) -> ValidationError:
    return ValidationError.single("photos", f"“{name}”{why}")


def prepare_photo(raw: bytes, file_name: str = "") -> PreparedPhoto:
    """Decode ``raw`` (any image format Pillow reads), apply the EXIF orientation, downscale
    to ``PHOTO_MAX_SIDE`` and encode as JPEG; ``ValidationError`` (Chinese) for anything that
    is not a readable picture."""
    name = Path(file_name).name or "照片"
    if not raw:
        raise _refuse(name, "是空文件")
    if len(raw) > PHOTO_MAX_FILE_BYTES:
        raise _refuse(name, f"超过{PHOTO_MAX_FILE_BYTES >> 20} MB，无法导入")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise _refuse(name, "的像素过多，无法导入")
            image.draft("RGB", _fitted(image.size, PHOTO_MAX_SIDE))
            if image.width * image.height > PHOTO_DECODE_MAX_PIXELS:  # before any decoding
                raise _refuse(name, f"的像素过多（{image.width}×{image.height}），无法导入；"
                                    "请先缩小图片或另存为 JPG 格式")
            image.load()
            image = ImageOps.exif_transpose(image)
            image = _to_rgb(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, ValueError, SyntaxError) as exc:
        raise _refuse(name, "不是可识别的图片文件（支持 JPG、PNG、BMP、GIF、WebP、TIFF）") from exc
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    data = _encode(image)
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = _jpeg(thumb, THUMBNAIL_QUALITY)
    return PreparedPhoto(file_name=name[:200], data=data, width=image.width,
                         height=image.height, thumbnail=thumbnail,
                         sha256=hashlib.sha256(data).hexdigest())


def read_photo_file(path: Path | str) -> PreparedPhoto:
    """``prepare_photo`` of a file on disk (Chinese message when it cannot be read)."""
    file = Path(path)
    try:
        with open(file, "rb") as fh:
            raw = fh.read(PHOTO_MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _refuse(file.name, f"无法读取：{exc.strerror or exc}") from exc
    return prepare_photo(raw, file.name)


def _fitted(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """``size`` scaled down (never up) so that its long side is at most ``longest``."""
    width, height = size
    scale = min(1.0, longest / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB on a white background (transparent PNGs would turn black in a JPEG)."""
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _encode(image: Image.Image) -> bytes:
    data = b""
    for quality in QUALITIES:
        data = _jpeg(image, quality)
        if len(data) <= PHOTO_MAX_BYTES:
            return data
    return data  # noise-like pictures: the lowest quality tried, whatever its size
