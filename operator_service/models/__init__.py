"""The operator's data: the three backends, reached over HTTP. Nothing else here talks to them."""
