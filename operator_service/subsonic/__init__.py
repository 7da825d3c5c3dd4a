"""The Subsonic and OpenSubsonic API (``/rest``), for listening apps on phones and desktops.

It is the web player's library seen through another protocol: every method gets what it needs from the
three backends over HTTP, as the pages do, under the caller's own credentials (``credentials``). The
protocol's shapes are built in ``entities`` and rendered as XML, JSON or JSONP in ``protocol``.
"""
