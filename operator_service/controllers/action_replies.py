"""How the library's small actions (like, add, move, remove) answer: JSON when playlists.js asked for it,
otherwise a flash message and a redirect back to the page the form was on, so they work without JavaScript."""
from flask import flash, redirect, request

from common.errors import wants_json
from operator_service.controllers.next_page import safe_next


def return_to(default):
    """The form's ``next`` when it is a path on this site, otherwise ``default``."""
    return safe_next(request.values.get("next"), default)


def done(message, default, status=200):
    if wants_json():
        return {"message": message}, status
    flash(message, "success")
    return redirect(return_to(default))


def refused(message, default, status):
    if wants_json():
        return {"error": message}, status
    flash(message, "error")
    return redirect(return_to(default))
