"""The requirements files are what pyproject.toml declares, locked: every package pinned and hashed, the
images and the development venv on the same versions of what they share."""
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
SERVICES = ("auth_service", "song_service", "media_service", "operator_service")


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements):
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"{requirement!r} in pyproject.toml is not pinned with =="
        pins[normalized(match.group(1))] = match.group(2)
    return pins


def locked(filename):
    """{package: (version, number of hashes)} from a pip-compile output file."""
    pins, current = {}, None
    for line in (ROOT / filename).read_text().splitlines():
        if match := PIN.match(line):
            current = normalized(match.group(1))
            pins[current] = [match.group(2), 0]
        elif line.strip().startswith("--hash=sha256:") and current:
            pins[current][1] += 1
        elif line.strip() and not line.startswith((" ", "#")):
            pytest.fail(f"{filename}: {line!r} is neither a pin nor a hash: regenerate it with make lock")
    return {name: tuple(pin) for name, pin in pins.items()}


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = declared(PROJECT["dependencies"])
DEV = declared(PROJECT["optional-dependencies"]["dev"])


@pytest.mark.parametrize("filename", ["requirements.txt", "requirements-dev.txt"])
def test_every_locked_package_is_pinned_and_hashed(filename):
    unhashed = [name for name, (_, hashes) in locked(filename).items() if not hashes]
    assert not unhashed


def test_the_lock_files_hold_what_pyproject_declares():
    runtime, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    assert RUNTIME == {name: runtime.get(name, ("missing",))[0] for name in RUNTIME}
    assert {**RUNTIME, **DEV} == {name: dev.get(name, ("missing",))[0] for name in {**RUNTIME, **DEV}}
    assert not set(DEV) & set(runtime), "a development tool would be installed in the images"


def test_the_images_and_the_development_venv_share_versions():
    runtime, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    differing = {name: (version, dev.get(name, ("missing",))[0]) for name, (version, _) in runtime.items()
                 if dev.get(name, (None,))[0] != version}
    assert not differing, "run make lock: requirements-dev.txt differs from requirements.txt for " + str(differing)


@pytest.mark.parametrize("service", SERVICES)
def test_the_images_install_with_hashes_required(service):
    dockerfile = (ROOT / service / "Dockerfile").read_text()
    assert "--require-hashes -r /tmp/requirements.txt" in dockerfile
