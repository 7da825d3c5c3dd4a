"""Drift between the code and its deployment files: settings, ports, probes, writable paths and images.

The variables are found by parsing each ``<service>/config.py`` and ``common/config.py`` (and
``common/gunicorn_conf.py``), so a setting added to the code fails here until every deployment provides it.
"""
import os
import subprocess

import pytest
from deploy.deploy_facts import (
    MIRRORED_IMAGES,
    ROOT,
    THIRD_PARTY_IMAGES,
    compose_env_files,
    compose_environment,
    config_variables,
    container_environment,
    dockerfile_path,
    every_variable_read,
    find_object,
    image_facts,
    kubernetes_name,
    kustomization,
    matches_labels,
    pod_spec,
    quantity_bytes,
    required_variables,
    resolve_port,
    service_packages,
    url_host_and_port,
)
from flask import Flask

from common.health import create_health_blueprint
from devstack import DEFAULT_PORTS
from operator_service.middleware.upload_spool import worker_spool_limit

PACKAGES = service_packages()
MONGO_PORT = 27017


def server_container(objects, package):
    (container,) = pod_spec(find_object(objects, "Deployment", kubernetes_name(package)))["containers"]
    return container


def kubernetes_environment(objects, secrets, package):
    """The container's environment: its image's ENV, then the ConfigMap, then its own env entries."""
    image_env = image_facts(dockerfile_path(package))["env"]
    return {**image_env, **container_environment(server_container(objects, package), objects, secrets)}


def compose_service_environment(compose_file, env_example, package):
    """As docker compose builds it: the image's ENV, then env_file (.env, from .env.example), then environment."""
    service = compose_file["services"][kubernetes_name(package)]
    assigned, _, _ = env_example
    assert compose_env_files(service) == [".env"]
    return {**image_facts(dockerfile_path(package))["env"], **assigned, **compose_environment(service)}


def test_the_parser_finds_the_settings_it_should():
    """If the parsing broke, every 'is provided' test below would pass on an empty set."""
    for package in PACKAGES:
        assert {"SECRET_KEY", "SERVICE_TOKEN_SECRET", "LOG_LEVEL"} <= config_variables(package)
    assert {"MONGO_URI", "AUTH_DB_NAME", "ADMIN_PASSWORD"} <= config_variables("auth_service")
    assert "MONGO_URI" not in config_variables("operator_service")
    assert {"AUTH_SERVICE_URL", "BACKEND_READ_TIMEOUT", "SESSION_COOKIE_SECURE"} <= config_variables("operator_service")
    assert {"UPLOAD_TMP_DIR", "UPLOAD_MAX_BYTES"} <= config_variables("media_service")
    assert {"PORT", "WEB_CONCURRENCY", "GUNICORN_WORKER_TMP_DIR"} <= required_variables("song_service")


@pytest.mark.parametrize("package", PACKAGES)
def test_deployment_provides_every_setting(cluster_objects, example_secrets, package):
    provided = kubernetes_environment(cluster_objects, example_secrets, package)
    missing = required_variables(package) - set(provided)
    assert not missing, f"{kubernetes_name(package)}-deployment.yaml / music-config.yaml lack {sorted(missing)}"


@pytest.mark.parametrize("package", PACKAGES)
def test_deployment_references_only_existing_secret_keys(cluster_objects, example_secrets, package):
    (secret,) = example_secrets
    for variable in server_container(cluster_objects, package).get("env", []):
        reference = variable.get("valueFrom", {}).get("secretKeyRef")
        if reference:
            assert reference["name"] == secret["metadata"]["name"]
            assert reference["key"] in secret["stringData"], f"music-secrets has no {reference['key']}"


@pytest.mark.parametrize("package", PACKAGES)
def test_compose_provides_every_setting(compose_file, env_example, package):
    provided = compose_service_environment(compose_file, env_example, package)
    missing = required_variables(package) - set(provided)
    assert not missing, f"neither .env.example nor docker-compose.yml sets {sorted(missing)} for {package}"


def test_env_example_documents_every_variable(env_example):
    _, documented, undescribed = env_example
    missing = every_variable_read() - documented
    assert not missing, f".env.example does not mention {sorted(missing)}"
    assert not undescribed, f"lines in .env.example with no comment above them: {undescribed}"


def test_secrets_are_the_same_for_all_services_in_compose(compose_file, env_example):
    for name in ("SECRET_KEY", "SERVICE_TOKEN_SECRET"):
        values = {compose_service_environment(compose_file, env_example, package)[name] for package in PACKAGES}
        assert len(values) == 1, f"{name} must be identical in all four services"


@pytest.mark.parametrize("name", [kubernetes_name(package) for package in PACKAGES] + ["mongo"])
def test_service_selects_exactly_its_pods(cluster_objects, name):
    service = find_object(cluster_objects, "Service", name)
    workloads = [obj for obj in cluster_objects if obj["kind"] in ("Deployment", "StatefulSet")]
    selected = [workload["metadata"]["name"] for workload in workloads
                if matches_labels(service["spec"]["selector"], workload["spec"]["template"]["metadata"]["labels"])]
    assert selected == [name]


@pytest.mark.parametrize("package", PACKAGES)
def test_ports_agree_everywhere(cluster_objects, example_secrets, compose_file, env_example, package):
    """gunicorn binds $PORT, and its master serves metrics on $METRICS_PORT; the image, the pod, the
    Service, compose and devstack must all agree on them."""
    name = kubernetes_name(package)
    port = DEFAULT_PORTS[package]
    assert image_facts(dockerfile_path(package))["env"]["PORT"] == str(port)
    container = server_container(cluster_objects, package)
    assert kubernetes_environment(cluster_objects, example_secrets, package)["PORT"] == str(port)
    ports = {item["name"]: item["containerPort"] for item in container["ports"]}
    assert ports == {"http": port, "metrics": int(kubernetes_environment(cluster_objects, example_secrets,
                                                                        package)["METRICS_PORT"])}
    for item in find_object(cluster_objects, "Service", name)["spec"]["ports"]:
        assert resolve_port(container, item["targetPort"]) == port
        assert item["port"] == port, "the URLs in music-config.yaml use the service port"
    for probe in ("readinessProbe", "livenessProbe"):
        assert resolve_port(container, container[probe]["httpGet"]["port"]) == port
    compose_service = compose_file["services"][name]
    assert compose_service_environment(compose_file, env_example, package)["PORT"] == str(port)
    if "healthcheck" in compose_service:
        assert f"127.0.0.1:{port}/" in " ".join(compose_service["healthcheck"]["test"])
    for published in compose_service.get("ports", []):
        assert str(published).rsplit(":", 1)[-1] == str(port)


def test_backend_addresses_name_real_services(cluster_objects, example_secrets, compose_file, env_example):
    """Every *_SERVICE_URL and MONGO_URI points at a Service (Kubernetes) or service (compose) on its port."""
    for package in PACKAGES:
        addresses = [variable for variable in config_variables(package)
                     if variable.endswith("_SERVICE_URL") or variable == "MONGO_URI"]
        in_cluster = kubernetes_environment(cluster_objects, example_secrets, package)
        in_compose = compose_service_environment(compose_file, env_example, package)
        for variable in addresses:
            host, port = url_host_and_port(in_cluster[variable])
            service = find_object(cluster_objects, "Service", host)
            assert port in {item["port"] for item in service["spec"]["ports"]}, f"{variable} in the cluster"
            host, port = url_host_and_port(in_compose[variable])
            assert host in compose_file["services"], f"{variable} in compose names no service"
            target_env = compose_file["services"][host].get("environment", {})
            assert port == int(target_env.get("PORT", MONGO_PORT)), f"{variable} in compose"


def test_probe_paths_are_the_health_routes(cluster_objects, compose_file):
    app = Flask(__name__)
    app.register_blueprint(create_health_blueprint({}))
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    assert {"/healthz", "/readyz"} <= routes
    for package in PACKAGES:
        # Each service registers the blueprint, directly or through create_backend_app.
        source = (ROOT / package / "app.py").read_text()
        assert "create_health_blueprint" in source or "create_backend_app" in source, package
        container = server_container(cluster_objects, package)
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert "/healthz" in image_facts(dockerfile_path(package))["healthcheck"]
        healthcheck = compose_file["services"][kubernetes_name(package)].get("healthcheck")
        if healthcheck:
            assert any(route in " ".join(healthcheck["test"]) for route in routes)


@pytest.mark.parametrize("package", PACKAGES)
def test_written_paths_are_writable_volumes(cluster_objects, example_secrets, package):
    """The root filesystem is read-only: every directory a service writes to must be a mounted volume."""
    spec = pod_spec(find_object(cluster_objects, "Deployment", kubernetes_name(package)))
    container = server_container(cluster_objects, package)
    environment = kubernetes_environment(cluster_objects, example_secrets, package)
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    mounted = {mount["mountPath"]: volumes[mount["name"]] for mount in container["volumeMounts"]}
    heartbeat = mounted[environment["GUNICORN_WORKER_TMP_DIR"]]
    assert heartbeat["emptyDir"]["medium"] == "Memory"
    assert "emptyDir" in mounted["/tmp"]
    if "UPLOAD_TMP_DIR" in config_variables(package):
        assert "emptyDir" in mounted[environment["UPLOAD_TMP_DIR"]]


def test_the_operators_temporary_volume_holds_what_its_workers_may_spool(cluster_objects, example_secrets):
    """werkzeug spools upload bodies into /tmp, an emptyDir whose sizeLimit, once passed, gets the pod evicted.

    One worker holds at most one full upload form's worth of bodies there, UPLOAD_MAX_FILES x (UPLOAD_MAX_BYTES
    + multipart overhead) (operator_service/middleware/upload_spool.py): every view that takes files (audio,
    a console cover, a playlist file) reserves its body within that budget, and any other request's body
    (FORM_MAX_BYTES) is smaller than what werkzeug keeps in memory. As deployed: 2 workers x 4 x (200 MiB +
    64 KiB) = 1600.5 MiB, within 2 GiB.
    """
    environment = kubernetes_environment(cluster_objects, example_secrets, "operator_service")
    assert "TMPDIR" not in environment, "Python's tempfile, and so werkzeug, must write to /tmp"
    spec = pod_spec(find_object(cluster_objects, "Deployment", kubernetes_name("operator_service")))
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    (tmp,) = [volumes[mount["name"]] for mount in server_container(cluster_objects, "operator_service")["volumeMounts"]
              if mount["mountPath"] == "/tmp"]
    assert tmp["emptyDir"].get("medium") != "Memory", "spooled uploads would count against the memory limit"
    limits = {name: int(environment[name]) for name in ("UPLOAD_MAX_BYTES", "UPLOAD_MAX_FILES")}
    assert int(environment["FORM_MAX_BYTES"]) < WERKZEUG_IN_MEMORY_BYTES, "other requests' bodies would be spooled"
    assert int(environment["COVER_MAX_BYTES"]) <= int(environment["UPLOAD_MAX_BYTES"]), "a cover fits the budget"
    per_worker = worker_spool_limit(limits)
    needed = int(environment["WEB_CONCURRENCY"]) * per_worker
    size_limit = quantity_bytes(tmp["emptyDir"]["sizeLimit"])
    assert needed <= size_limit, f"/tmp holds {size_limit / 2**20:g} MiB, the workers may spool {needed / 2**20:g} MiB"


# werkzeug's default_stream_factory keeps a file part in memory up to this size (SpooledTemporaryFile).
WERKZEUG_IN_MEMORY_BYTES = 500 * 1024


@pytest.mark.parametrize("package", PACKAGES)
def test_pods_run_as_the_images_user(cluster_objects, package):
    uid = int(image_facts(dockerfile_path(package))["user"].split(":")[0])
    spec = pod_spec(find_object(cluster_objects, "Deployment", kubernetes_name(package)))
    assert spec["securityContext"]["runAsUser"] == uid
    assert server_container(cluster_objects, package)["securityContext"]["runAsUser"] == uid


# Deployments that run one of a service's commands with the service's image.
WORKERS_OF = {"media-transcoder": "media-service"}


def test_every_image_is_built_by_a_dockerfile_here_or_mirrored(cluster_objects, compose_file):
    built, mirrored = {}, {}
    for image in kustomization()["images"]:
        short = image["name"].rsplit("/", 1)[-1]
        assert image["newName"].rsplit("/", 1)[-1] == short
        pulled = f"{image['newName']}:{image['newTag']}"
        if short in MIRRORED_IMAGES:
            mirrored[short] = pulled
            continue
        assert dockerfile_path(short.replace("-", "_")).is_file(), f"kustomization names {short}, which nothing builds"
        built[short] = pulled
    assert sorted(built) == sorted(kubernetes_name(package) for package in PACKAGES)
    assert sorted(mirrored) == sorted(MIRRORED_IMAGES)
    for workload in (obj for obj in cluster_objects if obj["kind"] in ("Deployment", "StatefulSet", "Job", "CronJob")):
        spec = workload["spec"]["jobTemplate"]["spec"] if workload["kind"] == "CronJob" else workload["spec"]
        for container in spec["template"]["spec"]["containers"]:
            assert container["image"] in set(built.values()) | set(mirrored.values()), container["image"]
            if workload["kind"] == "Deployment":
                name = workload["metadata"]["name"]
                assert container["image"] == built[WORKERS_OF.get(name, name)]
    third_party_in_compose = {service["image"] for service in compose_file["services"].values() if "image" in service}
    assert third_party_in_compose <= THIRD_PARTY_IMAGES


def test_build_script_pushes_the_images_kustomization_pulls(tmp_path):
    """Runs scripts/build_and_push_images.sh with a stand-in for docker that records its arguments."""
    calls = tmp_path / "docker-calls"
    fake_docker = tmp_path / "docker"
    fake_docker.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\n')
    fake_docker.chmod(0o755)
    environment = {key: value for key, value in os.environ.items() if key not in ("REGISTRY", "TAG", "PUSH")}
    subprocess.run(["bash", str(ROOT / "scripts" / "build_and_push_images.sh")], check=True, timeout=60,
                   env={**environment, "DOCKER": str(fake_docker)}, capture_output=True)
    lines = [line.split() for line in calls.read_text().splitlines()]
    pushed = {line[1] for line in lines if line[0] == "push"}
    builds = {line[line.index("--tag") + 1]: line[line.index("--file") + 1] for line in lines if line[0] == "build"}
    expected = {f"{image['newName']}:{image['newTag']}" for image in kustomization()["images"]}
    assert pushed == expected
    assert set(builds) == {image for image in expected if image.rsplit("/", 1)[-1].split(":")[0] not in MIRRORED_IMAGES}
    assert ["pull", "mongo:7"] in lines and ["tag", "mongo:7", "localhost:5000/mongo:7"] in lines
    for image, dockerfile in builds.items():
        assert dockerfile == f"{image.rsplit('/', 1)[-1].split(':')[0].replace('-', '_')}/Dockerfile"
    assert all(line[-1] == "." for line in lines if line[0] == "build"), "the build context is the repository root"


def test_the_admin_job_and_compose_service_run_create_admin_with_every_setting(cluster_objects, example_secrets,
                                                                               compose_file, env_example):
    """The settings only create-admin reads reach it in the Job and in compose's one-shot service."""
    from deploy.deploy_facts import COMMAND_VARIABLES

    needed = config_variables("auth_service")
    job = find_object(cluster_objects, "Job", "auth-admin")
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["flask", "--app", "auth_service.app", "create-admin"]
    provided = {**image_facts(dockerfile_path("auth_service"))["env"],
                **container_environment(container, cluster_objects, example_secrets)}
    assert needed <= set(provided), f"auth-admin-job.yaml lacks {sorted(needed - set(provided))}"
    service = compose_file["services"]["auth-admin"]
    assert service["entrypoint"] == ["flask", "--app", "auth_service.app", "create-admin"]
    assigned, _, _ = env_example
    provided = {**image_facts(dockerfile_path("auth_service"))["env"], **assigned, **compose_environment(service)}
    assert needed <= set(provided)
    assert COMMAND_VARIABLES["auth_service"] <= needed
