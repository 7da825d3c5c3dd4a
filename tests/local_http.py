"""A standard-library HTTP server run on a thread for one test, for the client-side tests that need a peer
whose connections they can count or break."""
import contextlib
import threading


@contextlib.contextmanager
def serving(server):
    """``server`` (a ThreadingHTTPServer on 127.0.0.1:0) answering on a thread until the block ends."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
