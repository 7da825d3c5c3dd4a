"""The public entry point: the browser player UI, rendered with Jinja from data the three backends serve."""
