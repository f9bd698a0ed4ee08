"""A small picture file cannot make a photo import decode hundreds of megabytes: the size in
its header is checked against a pixel cap before any pixel is decoded (JPEG files after their
reduced-size decoding is chosen, so big camera photos still import)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageFile

from workstation.domain.errors import ValidationError
from workstation.domain.publicity import PHOTO_DECODE_MAX_PIXELS
from workstation.services.photos import prepare_photo, read_photo_file


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def palette_png(width: int, height: int) -> bytes:
    """A valid palette PNG of ``width`` × ``height`` (one colour), made without ever holding
    its pixels: each row is a filter byte and zeros, DEFLATE-compressed row by row."""
    packer = zlib.compressobj(9)
    row = bytes(width + 1)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", b"\xff\x00\x00")
            + _chunk(b"IDAT", body) + _chunk(b"IEND", b""))


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The sizes of the pictures whose pixels were decoded."""
    seen: list[tuple[int, int]] = []
    real = ImageFile.ImageFile.load

    def spy(self: Any) -> Any:
        seen.append(self.size)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return seen


def test_a_palette_png_bomb_is_refused_before_decoding(loads: list[tuple[int, int]],
                                                       tmp_path: Path) -> None:
    data = palette_png(9400, 9400)
    assert len(data) < 200 * 1024
    path = tmp_path / "海报.png"
    path.write_bytes(data)
    with pytest.raises(ValidationError) as info:
        read_photo_file(path)
    assert "像素" in str(info.value) and "海报.png" in str(info.value)
    assert loads == []


def test_a_picture_just_under_the_cap_still_imports(loads: list[tuple[int, int]]) -> None:
    side = int(PHOTO_DECODE_MAX_PIXELS ** 0.5) - 1
    photo = prepare_photo(palette_png(side, 64), "横幅.png")
    assert photo.width == 1600 and set(loads) == {(side, 64)}


def test_a_large_camera_jpeg_is_decoded_at_reduced_size(loads: list[tuple[int, int]]) -> None:
    width, height = 7000, 4000  # above the cap: a JPEG decodes at a reduced scale
    assert width * height > PHOTO_DECODE_MAX_PIXELS
    buffer = io.BytesIO()
    Image.new("L", (width, height), 120).save(buffer, "JPEG", quality=50)
    photo = prepare_photo(buffer.getvalue(), "IMG_0001.JPG")
    assert max(photo.width, photo.height) == 1600
    assert loads and all(w * h <= PHOTO_DECODE_MAX_PIXELS for w, h in loads)
