"""docker-compose.yml: valid Compose, healthy start-up order, and only the operator published.

schemas/compose-spec.json is the Compose Specification's JSON schema as vendored by check-jsonschema
0.39.0 (PyPI wheel, check_jsonschema/builtin_schemas/vendor/compose-spec.json, sha256 d549057e…0e64);
see schemas/README.md.
"""
import json
from pathlib import Path

import jsonschema
from deploy.deploy_facts import ROOT, compose_env_files, kubernetes_name, service_packages

SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"
SERVICES = [kubernetes_name(package) for package in service_packages()]
BACKENDS = [name for name in SERVICES if name != "operator-service"]


def test_compose_file_matches_the_compose_specification(compose_file):
    schema = json.loads(SCHEMA.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(compose_file), key=lambda error: error.json_path)
    assert not errors, "\n".join(f"{error.json_path}: {error.message}" for error in errors)


def test_schema_rejects_a_misspelt_key(compose_file):
    """Guards the guard: a schema that accepted anything would let every compose test pass."""
    schema = json.loads(SCHEMA.read_text())
    broken = {**compose_file, "services": {**compose_file["services"], "mongo": {"image": "mongo:7", "helthcheck": {}}}}
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(broken))


def test_mongo_keeps_its_data_in_a_named_volume_and_reports_health(compose_file):
    mongo = compose_file["services"]["mongo"]
    assert mongo["image"] == "mongo:7"
    volume = next(volume.split(":")[0] for volume in mongo["volumes"] if volume.endswith(":/data/db"))
    assert volume in compose_file["volumes"]
    assert "mongosh" in mongo["healthcheck"]["test"]
    assert "isWritablePrimary" in " ".join(mongo["healthcheck"]["test"]), "healthy once it is the set's primary"


def test_mongo_runs_as_the_replica_set_that_mongo_init_initiates(compose_file):
    services = compose_file["services"]
    command = services["mongo"]["command"]
    assert command[command.index("--replSet") + 1] == "rs0"
    init = services["mongo-init"]
    assert init["environment"]["MONGO_SEED"] == "mongo:27017"
    script = next(volume.split(":")[0] for volume in init["volumes"] if volume.endswith(":ro"))
    assert (ROOT / script).resolve() == ROOT / "kubernetes" / "mongo-init-replica-set.js"
    assert " ".join(init["command"]).endswith("/scripts/mongo-init-replica-set.js")
    for name, service in services.items():
        uri = (service.get("environment") or {}).get("MONGO_URI")
        if uri:
            assert uri == "mongodb://mongo:27017/?replicaSet=rs0", name


def test_each_service_is_built_from_its_own_dockerfile_with_the_root_as_context(compose_file):
    for package in service_packages():
        build = compose_file["services"][kubernetes_name(package)]["build"]
        assert build == {"context": ".", "dockerfile": f"{package}/Dockerfile"}
        assert (ROOT / build["dockerfile"]).is_file()


def test_services_start_once_what_they_need_is_healthy(compose_file):
    services = compose_file["services"]
    for backend in BACKENDS:
        assert services[backend]["depends_on"] == {"mongo": {"condition": "service_healthy"}}
    assert services["operator-service"]["depends_on"] == {
        backend: {"condition": "service_healthy"} for backend in BACKENDS
    }
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert "healthcheck" in services[dependency], f"{name} waits on {dependency}, which has no healthcheck"


def test_only_the_operator_publishes_a_port(compose_file):
    published = {name for name, service in compose_file["services"].items() if service.get("ports")}
    assert published == {"operator-service"}


def test_the_services_read_their_settings_from_dot_env(compose_file):
    for name in SERVICES:
        assert compose_env_files(compose_file["services"][name]) == [".env"]
    assert ".env" in (ROOT / ".gitignore").read_text().split(), "the real .env holds secrets"
