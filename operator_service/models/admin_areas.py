"""The admin console's areas, each rendered by the backend that owns its data (common/admin_fragments.py)."""
from flask_wtf.csrf import generate_csrf

from common.admin_fragments import BACKEND_PREFIX, CSRF_HEADER, PREFIX_HEADER
from operator_service.models.backend import auth_backend, media_backend, song_backend

# area in the public path -> (its backend, its name in the console's navigation)
AREAS = {
    "users": (auth_backend, "Users"),
    "catalogue": (song_backend, "Catalogue"),
    "storage": (media_backend, "Storage"),
}
# A backend's own answers about the request (a form's errors, an unknown id) come back as pages.
PASSED_ON = (400, 401, 403, 404, 409, 413, 422, 429)


def forward(area, path, method, query, form, extra_fields=()):
    """Send the admin's request on to the area's backend, as the admin; the backend's answer, unfollowed."""
    backend = AREAS[area][0]
    return backend.request(
        method, f"{BACKEND_PREFIX}/{path}", params=list(query.items(multi=True)),
        data=[*form.items(multi=True), *extra_fields] if method == "POST" else None,
        headers={PREFIX_HEADER: f"/admin/{area}", CSRF_HEADER: generate_csrf()},
        allow_redirects=False, pass_through=PASSED_ON,
    )
