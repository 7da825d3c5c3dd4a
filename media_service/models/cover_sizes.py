"""Cover art in two sizes, a thumbnail for lists and grids and a large image for album and song pages.

Both sizes are made with Pillow when a cover is first stored (``store_sizes``), on a native thread so that
the resize does not hold up the streams of the worker. A cover stored before that (or one a resize
failed for) gets each size the first time it is asked for. The sizes are kept in the covers bucket next
to the original, found again by ``metadata.variant`` ("<original id>:<size>", unique). Two requests
making the same size at once both resize; the second one's copy is refused by the unique index and
removed, and both serve the first.
"""
import io
import logging
from datetime import datetime, timezone

from PIL import Image, ImageOps
from pymongo.errors import DuplicateKeyError

from common.offload import run_cpu_bound
from media_service.extensions import mongo
from media_service.models import chunked_files, media_store

log = logging.getLogger(__name__)

# Only these are stored and served as covers, whatever type a tag claims: a type taken from a tag once
# let a "cover" be served as text/html or JavaScript from our own origin.
COVER_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
SERVABLE_TYPES = frozenset(COVER_TYPES.values())
# 4096 x 4096, far above any real cover. A larger image is no cover: decoding one is a way to exhaust a
# worker's memory (12000 x 12000 took 1.15 GB). Set for Pillow too, which warns above it and refuses
# twice it before decoding anything.
MAX_COVER_PIXELS = 4096 * 4096
Image.MAX_IMAGE_PIXELS = MAX_COVER_PIXELS

# Longest side in pixels: a thumbnail is sharp in a 48 px row and a 180 px grid card on a 2x screen.
SIZES = {"thumb": 360, "large": 640}
# A cover larger than this is served as it is rather than decoded.
MAX_SOURCE_BYTES = 20 * 1024 * 1024
JPEG_QUALITY = 85


def variant_key(cover_id, size):
    return f"{cover_id}:{size}"


def _find(cover_id, size):
    document = mongo.db[f"{media_store.COVER_BUCKET}.files"].find_one(
        {"metadata.variant": variant_key(cover_id, size)}, {"_id": 1},
    )
    return media_store.open_cover(document["_id"]) if document else None


def identify(image_bytes):
    """The content type of a cover judged by its content, from its header alone; None when it is not a
    JPEG, PNG, WebP or GIF image of at most MAX_COVER_PIXELS."""
    if len(image_bytes) > MAX_SOURCE_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(image_bytes), formats=list(COVER_TYPES)) as image:
            width, height = image.size
            if width * height > MAX_COVER_PIXELS:
                return None
            return COVER_TYPES[image.format]
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def resize(image_bytes, longest_side):
    """``(bytes, content_type)`` of the image scaled down to ``longest_side``; PNG when it has transparency."""
    with Image.open(io.BytesIO(image_bytes)) as image:
        image.draft("RGB", (longest_side, longest_side))  # JPEG decodes at a reduced scale, much faster
        image = ImageOps.exif_transpose(image)
        image.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
            image.save(output, format="PNG", optimize=True)
            return output.getvalue(), "image/png"
        image.convert("RGB").save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        return output.getvalue(), "image/jpeg"


def _resize_each(image_bytes, sizes):
    """``{size: (bytes, content_type)}`` for each of ``sizes``."""
    return {size: resize(image_bytes, SIZES[size]) for size in sizes}


def _store(cover_id, size, data, content_type):
    metadata = {"content_type": content_type, "variant": variant_key(cover_id, size), "variant_of": cover_id,
                "stored_at": datetime.now(timezone.utc)}
    try:
        chunked_files.write_file(mongo.db, media_store.COVER_BUCKET, io.BytesIO(data), f"cover-{size}", metadata)
    except DuplicateKeyError:
        pass  # made by a concurrent request a moment ago; that one serves


def _resized_or_none(cover_id, image_bytes, sizes):
    if len(image_bytes) > MAX_SOURCE_BYTES:
        return None
    try:
        return run_cpu_bound(_resize_each, image_bytes, sizes)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        log.warning("cover %s cannot be resized, serving it as it is: %s", cover_id, error)
        return None


def store_sizes(cover_id, image_bytes):
    """Make the sizes a stored cover does not have yet, so that no listener waits for a resize."""
    missing = [size for size in SIZES if _find(cover_id, size) is None]
    if not missing:
        return
    for size, (data, content_type) in (_resized_or_none(cover_id, image_bytes, missing) or {}).items():
        _store(cover_id, size, data, content_type)


def delete_with_sizes(cover_id):
    """Remove a cover and every size made of it."""
    sizes = mongo.db[f"{media_store.COVER_BUCKET}.files"].find({"metadata.variant_of": cover_id}, {"_id": 1})
    for size in list(sizes):
        media_store.delete_cover(size["_id"])
    media_store.delete_cover(cover_id)


def servable_type(stored_file):
    """The type to serve a stored cover as, or None when it is not a safe image. Covers stored before
    types were judged by content carry the type their tag claimed ("image/jpg", "text/html"): those are
    judged now, by their bytes."""
    content_type = stored_file.metadata.get("content_type")
    if content_type in SERVABLE_TYPES:
        return content_type
    data = stored_file.read() if stored_file.length <= MAX_SOURCE_BYTES else b""
    stored_file.seek(0)
    return run_cpu_bound(identify, data) if data else None


def open_sized(cover_id, size):
    """A stored file with the cover at ``size``, made now if needed; the original when it cannot be
    resized; None when there is no such cover."""
    stored = _find(cover_id, size)
    if stored is not None:
        return stored
    original = media_store.open_cover(cover_id)
    if original is None or original.length > MAX_SOURCE_BYTES:
        return original
    resized = _resized_or_none(cover_id, original.read(), [size])
    if resized is None:
        return media_store.open_cover(cover_id)
    _store(cover_id, size, *resized[size])
    return _find(cover_id, size)
