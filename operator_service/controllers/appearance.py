"""The light or dark theme: a setting of this browser, like the data saver, kept in a cookie of its own so
the server renders the chosen theme from the first byte (no flash of the other one)."""
from flask import current_app, request, send_from_directory, url_for
from flask_login import login_required

from operator_service.controllers.action_replies import done, refused
from operator_service.controllers.forms import AppearanceForm

THEME_COOKIE = "theme"
THEME_SECONDS = 365 * 24 * 3600
# "system" is no cookie at all: the page follows the device's prefers-color-scheme.
CHOSEN_THEMES = ("light", "dark")


def chosen_theme():
    """The theme this browser chose, or None to follow the device."""
    theme = request.cookies.get(THEME_COOKIE)
    return theme if theme in CHOSEN_THEMES else None


@login_required
def save():
    """Save the theme from the account page's form, or from the header's switch (which navigation.js sends in
    the background, having already switched the page)."""
    form = AppearanceForm()
    account = url_for("auth.account")
    if not form.validate_on_submit():
        return refused("Choose a theme: same as this device, light or dark.", account, 400)
    theme = form.theme.data
    response = done(f"Theme: {dict(form.theme.choices)[theme].lower()}.", account)
    if isinstance(response, tuple):  # JSON for navigation.js, made into a response to carry the cookie
        response = current_app.make_response(response)
    if theme in CHOSEN_THEMES:
        response.set_cookie(THEME_COOKIE, theme, max_age=THEME_SECONDS, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    else:
        response.delete_cookie(THEME_COOKIE, httponly=True, samesite="Lax",
                               secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response



FAVICON_SECONDS = 7 * 24 * 3600


def favicon():
    """Browsers ask every site for /favicon.ico; the pages also name the SVG in a <link>."""
    return send_from_directory(current_app.static_folder, "img/favicon.svg", mimetype="image/svg+xml",
                               max_age=FAVICON_SECONDS)
