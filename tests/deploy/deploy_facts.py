"""Reads the deployment files and the services' settings into plain data for the deploy tests.

Nothing here judges: the tests compare what these functions find in the Dockerfiles, the Kubernetes
manifests, docker-compose.yml, .env.example and the services' config.py files.
"""
import ast
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES_DIR = ROOT / "kubernetes"
COMMON_CONFIG = ROOT / "common" / "config.py"
GUNICORN_CONF = ROOT / "common" / "gunicorn_conf.py"

# Manifests kept out of kustomization.yaml on purpose (see the comment at its top).
MANIFESTS_APPLIED_BY_HAND = {"music-secrets.example.yaml", "operator-ingress.yaml"}
# gunicorn settings whose default is right in every container, so no deployment file sets them.
GUNICORN_DEFAULTS_KEPT = {"HOST"}
# Images the repository does not build.
THIRD_PARTY_IMAGES = {"mongo:7"}
# The registry's copy of each third-party image, which the cluster pulls (make images pushes it).
MIRRORED_IMAGES = {"mongo"}


# ---- services ----

def service_packages():
    """The service packages at the repository root, e.g. ``auth_service``: each has a config.py."""
    return sorted(path.parent.name for path in ROOT.glob("*_service/config.py"))


def kubernetes_name(package):
    """``auth_service`` is deployed as ``auth-service``: its image, Deployment, Service and compose service."""
    return package.replace("_", "-")


# ---- settings the code reads ----

def _is_os_environ(node):
    return (isinstance(node, ast.Attribute) and node.attr == "environ"
            and isinstance(node.value, ast.Name) and node.value.id == "os")


def _variable_read_by(node):
    """The variable name if ``node`` reads one: os.environ.get("X"), os.getenv("X"), env_int("X"), os.environ["X"]."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _is_os_environ(node.value):
        key = node.slice
        return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
    if not isinstance(node, ast.Call) or not node.args:
        return None
    first = node.args[0]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "get" and _is_os_environ(func.value):
        return first.value
    if isinstance(func, ast.Attribute) and func.attr == "getenv":
        return first.value
    if isinstance(func, ast.Name) and func.id in {"env_int", "env_bool", "env_float", "env_str"}:
        return first.value
    return None


def variables_read_in(node):
    return {name for child in ast.walk(node) if (name := _variable_read_by(child))}


def _classes_and_module_reads(path):
    """``({class name: (base names, variables its body reads)}, variables read outside any class)``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    classes = {}
    module_level = set()
    for statement in tree.body:
        if isinstance(statement, ast.ClassDef):
            bases = [ast.unparse(base).rsplit(".", 1)[-1] for base in statement.bases]
            classes[statement.name] = (bases, variables_read_in(statement))
        else:
            module_level |= variables_read_in(statement)
    return classes, module_level


def config_variables(package):
    """Every variable ``<package>.Config`` reads, its common base classes (BaseConfig, DatabaseConfig) included."""
    common_classes, _ = _classes_and_module_reads(COMMON_CONFIG)
    service_classes, module_level = _classes_and_module_reads(ROOT / package / "config.py")
    classes = {**common_classes, **service_classes}

    def resolve(name, seen=()):
        if name not in classes or name in seen:
            return set()
        bases, variables = classes[name]
        return set(variables).union(*(resolve(base, seen + (name,)) for base in bases))

    return resolve("Config") | module_level


def gunicorn_variables():
    return variables_read_in(ast.parse(GUNICORN_CONF.read_text()))


def every_variable_read():
    variables = gunicorn_variables()
    for package in service_packages():
        variables |= config_variables(package)
    return variables


# Settings only a one-off command reads, which its Job and compose service provide rather than the server.
COMMAND_VARIABLES = {"auth_service": {"ADMIN_USERNAME", "ADMIN_PASSWORD"}}


def required_variables(package):
    """What a deployment of ``package`` must set explicitly: its settings and gunicorn's, bar the kept defaults
    and what only its one-off commands read."""
    served = config_variables(package) - COMMAND_VARIABLES.get(package, set())
    return served | (gunicorn_variables() - GUNICORN_DEFAULTS_KEPT)


# ---- Dockerfiles ----

def dockerfile_path(package):
    return ROOT / package / "Dockerfile"


def dockerfile_instructions(path):
    """``[(INSTRUCTION, arguments)]`` with continuation lines joined and comments dropped."""
    instructions = []
    pending = ""
    for line in Path(path).read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        statement = pending + stripped
        pending = ""
        keyword, _, arguments = statement.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_stages(path):
    """The instructions of each stage, split at FROM (the FROM line starts its stage)."""
    stages = []
    for keyword, arguments in dockerfile_instructions(path):
        if keyword == "FROM":
            stages.append([])
        stages[-1].append((keyword, arguments))
    return stages


def _substitute(value, variables):
    return re.sub(r"\$\{?(\w+)\}?", lambda match: variables.get(match.group(1), match.group(0)), value)


def image_facts(path):
    """What the final stage of a Dockerfile sets up: ARG defaults, ENV, USER, EXPOSE, COPY, HEALTHCHECK, commands."""
    final = dockerfile_stages(path)[-1]
    facts = {"from": final[0][1], "args": {}, "env": {}, "copies": [], "expose": [], "user": None,
             "healthcheck": None, "entrypoint": None, "cmd": None}
    for keyword, arguments in final:
        if keyword == "ARG":
            name, _, default = arguments.partition("=")
            facts["args"][name] = default
        elif keyword == "ENV":
            for token in shlex.split(arguments):
                name, _, value = token.partition("=")
                facts["env"][name] = _substitute(value, {**facts["args"], **facts["env"]})
        elif keyword == "COPY":
            facts["copies"].append(_substitute(arguments, facts["args"]).split())
        elif keyword == "EXPOSE":
            facts["expose"] += _substitute(arguments, facts["args"]).split()
        elif keyword == "USER":
            facts["user"] = arguments
        elif keyword == "HEALTHCHECK":
            facts["healthcheck"] = arguments
        elif keyword in ("ENTRYPOINT", "CMD"):
            facts[keyword.lower()] = yaml.safe_load(arguments)  # the exec form is a JSON array
    return facts


# ---- Kubernetes ----

def load_yaml_documents(path):
    return [document for document in yaml.safe_load_all(Path(path).read_text()) if document]


def kustomization():
    return yaml.safe_load((KUBERNETES_DIR / "kustomization.yaml").read_text())


def kustomize_command():
    """A command that renders a kustomization, or None: the venv's kubectl (requirements-dev.txt), then PATH."""
    venv_kubectl = Path(sys.executable).parent / "kubectl"
    for candidate in (str(venv_kubectl) if venv_kubectl.exists() else None, shutil.which("kubectl")):
        if candidate:
            return [candidate, "kustomize"]
    standalone = shutil.which("kustomize")
    return [standalone, "build"] if standalone else None


def render_kustomization(command):
    result = subprocess.run([*command, str(KUBERNETES_DIR)], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} kubernetes/ failed:\n{result.stderr}")
    return [document for document in yaml.safe_load_all(result.stdout) if document]


def objects_without_kustomize():
    """Close to what kustomize renders, for the checks that do not depend on its transformations."""
    objects = []
    for resource in kustomization()["resources"]:
        objects += load_yaml_documents(KUBERNETES_DIR / resource)
    for generated in kustomization().get("configMapGenerator", []):
        objects.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": generated["name"]},
                        "data": {name: (KUBERNETES_DIR / name).read_text() for name in generated["files"]}})
    replacements = {image["name"]: f"{image['newName']}:{image['newTag']}" for image in kustomization()["images"]}
    for workload in objects:
        for container in pod_spec(workload).get("containers", []):
            name = container["image"].rsplit(":", 1)[0]  # kustomize matches the name without its tag
            container["image"] = replacements.get(name, container["image"])
    return objects


def pod_spec(workload):
    return workload.get("spec", {}).get("template", {}).get("spec", {})


def find_object(objects, kind, name):
    matches = [obj for obj in objects if obj["kind"] == kind and obj["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def matches_labels(wanted, labels):
    """A Service's selector is a plain map of labels that a pod must all have."""
    return all(labels.get(key) == value for key, value in wanted.items())


def selects(selector, labels):
    """Whether a LabelSelector (``matchLabels`` and ``matchExpressions``) selects a pod with ``labels``."""
    if not matches_labels(selector.get("matchLabels", {}), labels):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and key in labels and labels[key] in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


def container_environment(container, objects, secrets):
    """``{name: value}`` a container gets from its manifest; a Secret's value is ``None`` (only the key is checked)."""
    environment = {}
    for source in container.get("envFrom", []):
        prefix = source.get("prefix", "")
        if "configMapRef" in source:
            data = find_object(objects, "ConfigMap", source["configMapRef"]["name"]).get("data", {})
        else:
            data = dict.fromkeys(find_object(secrets, "Secret", source["secretRef"]["name"]).get("stringData", {}))
        environment.update({prefix + key: value for key, value in data.items()})
    for variable in container.get("env", []):
        reference = variable.get("valueFrom", {})
        if "value" in variable:
            environment[variable["name"]] = variable["value"]
        elif "configMapKeyRef" in reference:
            key = reference["configMapKeyRef"]
            environment[variable["name"]] = find_object(objects, "ConfigMap", key["name"])["data"][key["key"]]
        elif "secretKeyRef" in reference:
            environment[variable["name"]] = None
    return environment


# Kubernetes quantity suffixes (binary and decimal) as multipliers, for volume sizes.
QUANTITY_SUFFIXES = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 10**3, "M": 10**6, "G": 10**9,
                     "T": 10**12, "": 1}


def quantity_bytes(quantity):
    """``"2Gi"`` as 2147483648: a resource quantity such as an emptyDir's sizeLimit, in bytes."""
    number, suffix = re.fullmatch(r"(\d+)([KMGT]i|[kMGT])?", str(quantity)).groups()
    return int(number) * QUANTITY_SUFFIXES[suffix or ""]


def resolve_port(container, port):
    """A probe's or Service's port, given as a number or as the name of a container port."""
    if isinstance(port, int):
        return port
    return next(item["containerPort"] for item in container["ports"] if item.get("name") == port)


# ---- docker-compose.yml and .env.example ----

def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


ENV_LINE = re.compile(r"^(?P<commented>#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def env_example():
    """``(assigned, documented, undescribed)`` for .env.example.

    ``assigned`` maps the variables given a value to it, ``documented`` names every variable mentioned
    (commented out or not), and ``undescribed`` lists the variable lines with no comment line above.
    """
    assigned, documented, undescribed = {}, set(), []
    previous = ""
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = ENV_LINE.match(line.strip())
        if match:
            documented.add(match["name"])
            if not match["commented"]:
                assigned[match["name"]] = match["value"]
            if not previous.startswith("#") or ENV_LINE.match(previous):
                undescribed.append(line)
        previous = line.strip()
    return assigned, documented, undescribed


def compose_environment(service):
    environment = service.get("environment", {})
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) if "=" in item else (item, None) for item in environment)
    return {name: None if value is None else str(value) for name, value in environment.items()}


def compose_env_files(service):
    env_file = service.get("env_file", [])
    files = [env_file] if isinstance(env_file, (str, dict)) else env_file
    return [item["path"] if isinstance(item, dict) else item for item in files]


def url_host_and_port(url):
    parts = urlsplit(url)
    return parts.hostname, parts.port
