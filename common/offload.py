"""Runs CPU-bound work on a native thread when the worker is gevent's.

A gevent worker serves all its connections on one thread; a tag read, an image resize or a password
hash done there stops every stream of the worker until it ends. On a native thread it only takes turns
at the GIL, which it releases every few milliseconds (and for the whole of hashing and most of Pillow's
decoding), so the streams keep flowing. Under a threaded worker or in tests the call simply runs here.

The work handed over must not touch gevent objects: pure functions of bytes, files on disk and
in-memory images, never a database or HTTP client.
"""


def _gevent_is_patched():
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("socket")


def run_cpu_bound(function, *args, **kwargs):
    """``function(*args, **kwargs)``, computed off the event loop; exceptions are raised here."""
    if not _gevent_is_patched():
        return function(*args, **kwargs)
    from gevent import get_hub

    return get_hub().threadpool.apply(function, args, kwargs)
