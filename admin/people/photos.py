"""Officer photos: check an upload, decode it with Pillow, and re-encode a small clean JPEG.

Nothing of the uploaded file is kept but its pixels: metadata (EXIF with GPS, comments)
is dropped, the orientation is applied, and the picture is resized to fit the tablet.
A file is judged by what Pillow finds inside it, not by its name or declared type, so a
file that lies about its type is refused when it cannot be decoded as an allowed format.
"""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

#: Largest upload accepted, in bytes.
MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: Largest picture decoded, in pixels (a bigger one may be a decompression bomb).
MAX_PIXELS = 40_000_000
ALLOWED_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
#: The stored photo fits in this box (portrait, as on the tablet).
STORED_SIZE = (480, 600)


class PhotoRejected(ValueError):
    """An upload that is not an acceptable photo; code says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_upload(filename: str, data: bytes) -> None:
    """Refuse an empty or oversized file or one whose name is not a picture's.

    :raises PhotoRejected: with code "empty", "too_large" or "wrong_type".
    """
    if not data:
        raise PhotoRejected("empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRejected("too_large")
    if not (filename or "").lower().endswith(ALLOWED_EXTENSIONS):
        raise PhotoRejected("wrong_type")


def normalise_photo(filename: str, data: bytes) -> bytes:
    """Return the upload as a re-encoded JPEG of at most STORED_SIZE.

    :raises PhotoRejected: "empty", "too_large", "wrong_type", "not_an_image" (cannot be
        decoded as JPEG, PNG or WebP) or "too_many_pixels".
    """
    check_upload(filename, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoRejected("too_many_pixels")
                image.load()
                return _encode(image)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            if isinstance(exc, PhotoRejected):
                raise
            raise PhotoRejected("not_an_image") from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PhotoRejected("too_many_pixels") from None


def _encode(image: Image.Image) -> bytes:
    picture = ImageOps.exif_transpose(image).convert("RGB")
    picture.thumbnail(STORED_SIZE, Image.Resampling.LANCZOS)
    # A new image of the pixels alone: Pillow writes the upload's comment (COM segment)
    # back into the JPEG from image.info, so nothing of the old info may travel along.
    clean = Image.frombytes("RGB", picture.size, picture.tobytes())
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
