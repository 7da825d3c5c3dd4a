"""The Subsonic API's protocol against the four services under gunicorn: the three ways of signing in, the
answers' formats and errors, and the account page's API keys and app passwords. Driven by two independent
client libraries (py-sonic and py-opensonic) and by plain HTTP."""
import hashlib
import re
import time
import xml.etree.ElementTree as ElementTree

import libopensonic
import libsonic
import pytest
import requests
from subsonic_site import PASSWORD, build_site, make_credential, py_opensonic, py_sonic
from web_session import WebSession

pytestmark = pytest.mark.stack

NAMESPACE = "{http://subsonic.org/restapi}"
# Every test here signs in from 127.0.0.1: the per-address limit would soon count them all together. The
# per-account limit, which one test tries, stays as deployed.
# An operator remembers a checked credential, as it does a session's state, for SESSION_CHECK_SECONDS: one
# second here, so that a revoke made elsewhere is seen without a long wait.
STACK_ENVIRONMENT = {"LOGIN_ATTEMPTS_PER_ADDRESS": "1000", "SESSION_CHECK_SECONDS": "1"}


@pytest.fixture(scope="module")
def site(stack, tmp_path_factory):
    return build_site(stack, tmp_path_factory.mktemp("subsonic-protocol"))


def rest(site, method, f="json", http_method="GET", **params):
    base = {"f": f, "v": "1.16.1", "c": "test"}
    if http_method == "GET":
        return requests.get(f"{site['base']}/rest/{method}", params={**base, **params}, timeout=30)
    return requests.post(f"{site['base']}/rest/{method}", data={**base, **params}, timeout=30)


def body(response):
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    return response.json()["subsonic-response"]


def error_of(response):
    answer = body(response)
    assert answer["status"] == "failed"
    return answer["error"]["code"], answer["error"]["message"]


def test_every_way_of_signing_in_works_through_both_libraries(site):
    assert py_sonic(site["base"], site["username"], site["app_password"]).ping()
    assert py_sonic(site["base"], site["username"], PASSWORD, legacy=True).ping()
    assert py_sonic(site["base"], site["username"], site["app_password"], legacy=True).ping()
    for connection in (py_opensonic(site["base"], api_key=site["api_key"]),
                       py_opensonic(site["base"], site["username"], site["app_password"]),
                       py_opensonic(site["base"], api_key=site["api_key"], use_get=True)):
        try:
            assert connection.ping()
            assert connection.token_info().username == site["username"]
        finally:
            connection.cleanup()
    # enc: as some apps write it, one hex pair per character of a Latin-1 password.
    latin_1_hex = "enc:" + "".join(f"{ord(character):02X}" for character in "señor pass")
    assert body(rest(site, "ping", u="ines", p=latin_1_hex))["status"] == "ok"
    # The login password, clear, in a form POST (the formPost extension).
    assert body(rest(site, "ping", http_method="POST", u=site["username"], p=PASSWORD))["status"] == "ok"


def test_the_envelope_in_xml_json_and_jsonp(site):
    xml = rest(site, "ping", f="xml", apiKey=site["api_key"])
    assert xml.headers["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(xml.content)
    assert root.tag == f"{NAMESPACE}subsonic-response"
    assert {key: root.get(key) for key in ("status", "version", "openSubsonic")} == \
        {"status": "ok", "version": "1.16.1", "openSubsonic": "true"}
    assert root.get("type") and root.get("serverVersion")
    answer = body(rest(site, "ping", apiKey=site["api_key"]))
    assert answer["openSubsonic"] is True and answer["type"] and answer["serverVersion"]
    jsonp = rest(site, "ping", f="jsonp", callback="handle", apiKey=site["api_key"])
    assert jsonp.headers["Content-Type"].startswith("application/javascript")
    assert re.fullmatch(r'/\*\*/handle\(\{"subsonic-response":\{.*"status":"ok".*\}\}\);', jsonp.text)
    # A callback that is not a plain name could be any script: it is never echoed.
    hostile = rest(site, "ping", f="jsonp", callback="alert(1)//", apiKey=site["api_key"])
    assert "alert" not in hostile.text and error_of(hostile)[0] == 10
    # No default format is an error in XML, with its code and message.
    failed = ElementTree.fromstring(rest(site, "ping", f="", u=site["username"], p="wrong").content)
    error = failed.find(f"{NAMESPACE}error")
    assert failed.get("status") == "failed" and error.get("code") == "40" and error.get("message")


def test_extensions_answer_without_credentials_and_name_what_works(site):
    extensions = {item["name"]: item["versions"] for item in
                  body(rest(site, "getOpenSubsonicExtensions"))["openSubsonicExtensions"]}
    assert {"apiKeyAuthentication", "formPost", "indexBasedQueue"} <= set(extensions)
    connection = py_opensonic(site["base"], api_key=site["api_key"])
    try:
        assert {extension.name for extension in connection.get_open_subsonic_extensions()} == set(extensions)
    finally:
        connection.cleanup()


@pytest.mark.parametrize("params, code", [
    ({"u": "lena", "p": "wrong password"}, 40),
    ({"u": "nobody-here", "p": "wrong password"}, 40),
    ({"apiKey": "msk_not-a-key"}, 44),
    ({"apiKey": "msk_not-a-key", "u": "lena"}, 43),
    ({"u": "lena", "p": "x", "t": "y", "s": "z"}, 43),
    ({"p": "whatever"}, 10),
    ({"u": "lena"}, 10),
    ({"u": "lena", "t": "0" * 32}, 10),
    ({"u": "lena", "p": "enc:zz"}, 40),
])
def test_bad_sign_ins_answer_the_protocols_errors(site, params, code):
    assert error_of(rest(site, "ping", **params))[0] == code


def test_token_sign_in_with_the_login_password_says_which_secret_works(site):
    token = hashlib.md5((PASSWORD + "a1b2c3").encode()).hexdigest()
    code, message = error_of(rest(site, "ping", u=site["username"], t=token, s="a1b2c3"))
    assert code == 41 and "app password" in message
    with pytest.raises(libsonic.errors.CredentialError):
        py_sonic(site["base"], site["username"], "not the password", legacy=True).getLicense()
    with pytest.raises(libsonic.errors.SonicError, match="works only with an app password"):
        py_sonic(site["base"], site["username"], PASSWORD).getLicense()


def test_a_credential_named_twice_is_refused(site):
    response = requests.get(f"{site['base']}/rest/ping", timeout=30,
                            params=[("f", "json"), ("u", "lena"), ("u", "other"), ("p", PASSWORD)])
    assert error_of(response)[0] == 43


def test_unknown_methods_and_admin_work_are_protocol_errors_never_pages(site):
    for f in ("json", "xml"):
        unknown = rest(site, "noSuchMethod.view", f=f, apiKey=site["api_key"])
        assert unknown.status_code == 200 and "<html" not in unknown.text.lower()
    assert error_of(rest(site, "noSuchMethod", apiKey=site["api_key"]))[0] == 70
    assert error_of(rest(site, "getPodcasts", u="lena", p="wrong"))[0] == 40  # even empty lists need sign-in
    assert body(rest(site, "getPodcasts", apiKey=site["api_key"]))["podcasts"] == {"channel": []}
    connection = py_sonic(site["base"], site["username"], site["app_password"])
    with pytest.raises(libsonic.errors.AuthError):
        connection.createUser("intruder", "password1", "i@example.org", adminRole=True)
    with pytest.raises(libsonic.errors.AuthError):
        connection.deleteUser("curator")
    with pytest.raises(libsonic.errors.AuthError):
        connection.getUsers()
    put = requests.put(f"{site['base']}/rest/ping", params={"f": "json", "apiKey": site["api_key"]}, timeout=30)
    assert error_of(put)[0] == 0


def test_users_and_folders(site):
    connection = py_sonic(site["base"], site["username"], site["app_password"])
    user = connection.getUser(site["username"])["user"]
    assert user["username"] == "lena" and user["adminRole"] is False and user["streamRole"] is True
    with pytest.raises(libsonic.errors.AuthError):
        connection.getUser("curator")
    folders = connection.getMusicFolders()["musicFolders"]["musicFolder"]
    assert folders == [{"id": 1, "name": "Music"}]
    assert connection.getScanStatus()["scanStatus"]["scanning"] is False
    admin_key = make_credential(site["admin"], "api_key", "Admin laptop")
    admin = py_opensonic(site["base"], api_key=admin_key)
    try:
        assert {account.username for account in admin.get_users()} == {"curator", "lena", "ines"}
        assert admin.get_user("lena").admin_role is False
    finally:
        admin.cleanup()


def test_the_account_page_lists_keys_shows_a_secret_once_and_revokes(site, stack):
    session = WebSession(site["base"])
    assert session.sign_up("tom", PASSWORD).ok
    secret = make_credential(session, "api_key", "Tablet <b>")
    page = session.get("/account").text
    assert secret not in page and "Tablet &lt;b&gt;" in page and "never used" in page
    assert re.search(r"made \d{1,2} [A-Z][a-z]{2} \d{4}", page)  # the day it was made, not an empty "made"
    assert site["base"] in page  # the address to type into an app
    assert body(rest(site, "ping", apiKey=secret))["status"] == "ok"
    assert re.search(r"last used \d{1,2} [A-Z][a-z]{2} \d{4}", session.get("/account").text)
    credential_id = re.search(r'name="credential_id" value="([0-9a-f]{24})"', page).group(1)
    revoked = session.submit("/account", {"credential_id": credential_id}, action="/account/apps/revoke")
    assert revoked.ok and "Revoked" in revoked.text
    assert error_of(rest(site, "ping", apiKey=secret))[0] == 44


def test_an_admin_sees_and_revokes_any_key_and_disabling_an_account_stops_them_all(site):
    session = WebSession(site["base"])
    assert session.sign_up("zoe", PASSWORD).ok
    key = make_credential(session, "api_key", "Zoe's phone")
    password = make_credential(session, "app_password", "Zoe's car")
    page = site["admin"].get("/admin/users/apps").text
    assert "Zoe&#39;s phone" in page and "zoe" in page
    user_id = re.search(r'/admin/users/users/([0-9a-f]{24})">zoe<', page).group(1)
    disable = f"/admin/users/users/{user_id}/disabled"
    disabled = site["admin"].submit(f"/admin/users/users/{user_id}", {"disabled": "1"}, action=disable)
    assert disabled.ok and "zoe is disabled" in disabled.text, disabled.text[-3000:]
    assert error_of(rest(site, "ping", apiKey=key))[0] == 40
    assert error_of(rest(site, "ping", u="zoe", p=password))[0] == 40
    assert error_of(rest(site, "ping", u="zoe", p=PASSWORD))[0] == 40
    site["admin"].submit(f"/admin/users/users/{user_id}", {"disabled": "0"}, action=disable)
    assert body(rest(site, "ping", apiKey=key))["status"] == "ok"
    apps_page = site["admin"].get("/admin/users/apps").text
    credential_id = re.search(r'value="([0-9a-f]{24})"><button[^>]*Revoke Zoe&#39;s phone', apps_page).group(1)
    assert site["admin"].submit("/admin/users/apps", {"credential_id": credential_id},
                                action="/admin/users/apps/revoke").ok
    time.sleep(1.1)  # what the operator remembered of the key's last check (SESSION_CHECK_SECONDS)
    assert error_of(rest(site, "ping", apiKey=key))[0] == 44


def test_wrong_passwords_through_the_api_count_against_the_login_limits(site):
    session = WebSession(site["base"])
    assert session.sign_up("max", PASSWORD).ok
    codes = [error_of(rest(site, "ping", u="max", p=f"wrong {n}"))[0] for n in range(10)]
    assert codes == [40] * 10
    code, message = error_of(rest(site, "ping", u="max", p=PASSWORD))
    assert code == 40 and "Too many" in message
    # The login page counts the same attempts.
    assert WebSession(site["base"]).log_in("max", PASSWORD).status_code == 429


def test_credentials_never_reach_the_logs(site, stack):
    rest(site, "ping", u=site["username"], p=PASSWORD)
    rest(site, "ping", apiKey=site["api_key"])
    token = hashlib.md5((site["app_password"] + "feedface").encode()).hexdigest()
    rest(site, "ping", u=site["username"], t=token, s="feedface")
    logged = stack.log_path.read_text()
    for secret in (PASSWORD, site["api_key"], site["app_password"], token, "feedface"):
        assert secret not in logged


def test_py_opensonic_reads_errors_as_its_exceptions(site):
    connection = py_opensonic(site["base"], site["username"], "wrong password", legacy=True)
    try:
        with pytest.raises(libopensonic.errors.CredentialError):
            connection.ping()
    finally:
        connection.cleanup()
