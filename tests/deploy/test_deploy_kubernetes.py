"""kubernetes/: renders with kustomize, validates against Kubernetes 1.30+ schemas, and is locked down."""
import kubernetes_validate
import pytest
from deploy.deploy_facts import (
    KUBERNETES_DIR,
    MANIFESTS_APPLIED_BY_HAND,
    find_object,
    kubernetes_name,
    kustomization,
    load_yaml_documents,
    pod_spec,
    selects,
    service_packages,
)
from packaging.version import Version

SERVICES = [kubernetes_name(package) for package in service_packages()]
BACKENDS = [name for name in SERVICES if name != "operator-service"]
OLDEST_SUPPORTED = "1.30.0"


def schema_versions():
    """The oldest Kubernetes we support and the newest that kubernetes-validate has schemas for."""
    newest = kubernetes_validate.latest_version()
    assert Version(newest) >= Version(OLDEST_SUPPORTED), f"kubernetes-validate {newest} predates {OLDEST_SUPPORTED}"
    return sorted({OLDEST_SUPPORTED, newest}, key=Version)


def workloads(objects):
    return [obj for obj in objects if obj["kind"] in ("Deployment", "StatefulSet")]


def pod_labels(objects):
    """``{app label: pod template labels}`` for every workload."""
    return {obj["metadata"]["name"]: obj["spec"]["template"]["metadata"]["labels"] for obj in workloads(objects)}


def test_kustomization_lists_every_manifest_but_those_applied_by_hand():
    manifests = {path.name for path in KUBERNETES_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization()["resources"]) == manifests - MANIFESTS_APPLIED_BY_HAND
    assert MANIFESTS_APPLIED_BY_HAND <= manifests


def test_kustomization_renders(rendered_objects):
    kinds = {(obj["kind"], obj["metadata"]["name"]) for obj in rendered_objects}
    for name in SERVICES:
        assert {("Deployment", name), ("Service", name), ("PodDisruptionBudget", name)} <= kinds
    assert {("StatefulSet", "mongo"), ("Service", "mongo"), ("ConfigMap", "music-config")} <= kinds


@pytest.mark.parametrize("version", schema_versions())
def test_objects_match_the_kubernetes_schemas(cluster_objects, version):
    by_hand = [doc for name in sorted(MANIFESTS_APPLIED_BY_HAND) for doc in load_yaml_documents(KUBERNETES_DIR / name)]
    problems = []
    for obj in cluster_objects + by_hand:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            problems.append(f"{obj['kind']} {obj['metadata']['name']}: {error.message} at {list(error.path)}")
    assert not problems, f"invalid for Kubernetes {version}:\n" + "\n".join(problems)


def test_common_labels_stay_out_of_selectors(rendered_objects):
    """Selectors are immutable: a label added to them would make the next apply fail on a live cluster."""
    for obj in rendered_objects:
        spec = obj.get("spec", {})
        selector = spec.get("selector")
        if obj["kind"] == "Service" and selector:
            assert selector == {"app": obj["metadata"]["name"]}
        elif isinstance(selector, dict):
            assert selector == {"matchLabels": {"app": obj["metadata"]["name"]}}, obj["metadata"]["name"]
        for claim in spec.get("volumeClaimTemplates", []):
            assert "labels" not in claim["metadata"], "volumeClaimTemplates are immutable too"


def test_workload_selectors_select_their_own_pods(cluster_objects):
    for workload in workloads(cluster_objects):
        assert selects(workload["spec"]["selector"], workload["spec"]["template"]["metadata"]["labels"])


def test_every_container_is_locked_down(cluster_objects):
    for workload in workloads(cluster_objects):
        spec = pod_spec(workload)
        name = workload["metadata"]["name"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["runAsNonRoot"] is True, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"] == {"drop": ["ALL"]}, name
            assert context["seccompProfile"] == {"type": "RuntimeDefault"}, name
            assert context["runAsUser"] == spec["securityContext"]["runAsUser"], name
            for bound in ("requests", "limits"):
                assert set(container["resources"][bound]) >= {"cpu", "memory"}, f"{name} {bound}"
            assert "readinessProbe" in container and "livenessProbe" in container, name
            assert {mount["mountPath"] for mount in container["volumeMounts"]} >= {"/tmp"}, name


def test_mongo_runs_as_the_replica_set_the_services_and_init_job_name(cluster_objects):
    mongo = find_object(cluster_objects, "StatefulSet", "mongo")
    (container,) = pod_spec(mongo)["containers"]
    arguments = container["args"]
    assert arguments[arguments.index("--replSet") + 1] == "rs0"
    config = find_object(cluster_objects, "ConfigMap", "music-config")["data"]
    assert config["MONGO_URI"].endswith("?replicaSet=rs0")
    job = find_object(cluster_objects, "Job", "mongo-init")
    (initiate,) = pod_spec(job)["containers"]
    seed = {item["name"]: item["value"] for item in initiate["env"]}["MONGO_SEED"]
    assert seed == f"{mongo['metadata']['name']}-0.{mongo['spec']['serviceName']}:27017"
    assert f"--host {seed}" in " ".join(initiate["command"])
    script = find_object(cluster_objects, "ConfigMap", "mongo-init-script")
    assert "rs.initiate" in script["data"]["mongo-init-replica-set.js"]
    mounted = {volume["name"]: volume for volume in pod_spec(job)["volumes"]}["script"]
    assert mounted["configMap"]["name"] == "mongo-init-script"
    assert find_object(cluster_objects, "Service", "mongo")["spec"]["publishNotReadyAddresses"] is True


def test_mongo_keeps_its_data_on_a_claim_and_runs_as_mongodb(cluster_objects):
    mongo = find_object(cluster_objects, "StatefulSet", "mongo")
    assert mongo["spec"]["serviceName"] == "mongo"
    assert pod_spec(mongo)["securityContext"]["runAsUser"] == 999
    (claim,) = mongo["spec"]["volumeClaimTemplates"]
    (container,) = pod_spec(mongo)["containers"]
    assert container["image"] == "localhost:5000/mongo:7"  # the official mongo:7, mirrored by make images
    assert {"name": claim["metadata"]["name"], "mountPath": "/data/db"} in container["volumeMounts"]
    service = find_object(cluster_objects, "Service", "mongo")
    assert service["spec"]["clusterIP"] == "None", "the StatefulSet's governing Service is headless"


@pytest.mark.parametrize("name", SERVICES)
def test_deployment_runs_at_least_two_pods(cluster_objects, name):
    deployment = find_object(cluster_objects, "Deployment", name)
    autoscalers = [obj for obj in cluster_objects if obj["kind"] == "HorizontalPodAutoscaler"
                   and obj["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}]
    if autoscalers:
        assert autoscalers[0]["spec"]["minReplicas"] >= 2
        assert "replicas" not in deployment["spec"], "with an HPA, `kubectl apply` would reset the pod count"
    else:
        assert deployment["spec"]["replicas"] >= 2


def test_operator_and_media_scale_on_cpu(cluster_objects):
    autoscaled = {obj["spec"]["scaleTargetRef"]["name"]: obj for obj in cluster_objects
                  if obj["kind"] == "HorizontalPodAutoscaler"}
    assert set(autoscaled) == {"operator-service", "media-service"}
    for autoscaler in autoscaled.values():
        assert autoscaler["apiVersion"] == "autoscaling/v2"
        assert autoscaler["spec"]["maxReplicas"] > autoscaler["spec"]["minReplicas"]


@pytest.mark.parametrize("name", SERVICES)
def test_disruption_budget_covers_its_deployment(cluster_objects, name):
    budget = find_object(cluster_objects, "PodDisruptionBudget", name)
    labels = pod_labels(cluster_objects)
    assert [app for app, pod in labels.items() if selects(budget["spec"]["selector"], pod)] == [name]


def test_only_the_operator_is_exposed_outside_the_cluster(cluster_objects):
    for name in SERVICES:
        service = find_object(cluster_objects, "Service", name)
        expected = "NodePort" if name == "operator-service" else "ClusterIP"
        assert service["spec"]["type"] == expected, name
    (port,) = find_object(cluster_objects, "Service", "operator-service")["spec"]["ports"]
    assert 30000 <= port["nodePort"] <= 32767


def test_optional_ingress_routes_to_the_operator_service(cluster_objects):
    (ingress,) = load_yaml_documents(KUBERNETES_DIR / "operator-ingress.yaml")
    service = find_object(cluster_objects, "Service", "operator-service")
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == "operator-service"
            assert backend["port"]["name"] in {port["name"] for port in service["spec"]["ports"]}


def test_example_secret_says_it_is_an_example():
    text = (KUBERNETES_DIR / "music-secrets.example.yaml").read_text()
    assert "EXAMPLE ONLY" in text
    (secret,) = load_yaml_documents(KUBERNETES_DIR / "music-secrets.example.yaml")
    assert all("placeholder" in value or key == "ADMIN_USERNAME" for key, value in secret["stringData"].items())


def allowed_sources(policies, labels):
    """``{pod: set of pods allowed to connect, or "anyone"}`` under the cluster's NetworkPolicies."""
    allowed = {}
    for pod, pod_label_set in labels.items():
        sources = set()
        for policy in policies:
            if not selects(policy["spec"]["podSelector"], pod_label_set):
                continue
            for rule in policy["spec"].get("ingress", []):
                if "from" not in rule:
                    sources.add("anyone")
                    continue
                for peer in rule["from"]:
                    if "namespaceSelector" in peer:  # another namespace's pods: see the metrics test
                        continue
                    assert set(peer) == {"podSelector"}, "only same-namespace pod peers are expected"
                    sources |= {other for other, other_labels in labels.items()
                                if selects(peer["podSelector"], other_labels)}
        allowed[pod] = "anyone" if "anyone" in sources else sources
    return allowed


def test_network_policies_allow_only_the_intended_paths(cluster_objects):
    policies = [obj for obj in cluster_objects if obj["kind"] == "NetworkPolicy"]
    deny_all = [policy for policy in policies
                if policy["spec"]["podSelector"] == {} and not policy["spec"].get("ingress")]
    assert deny_all and deny_all[0]["spec"]["policyTypes"] == ["Ingress"], "a default-deny ingress policy"
    assert allowed_sources(policies, pod_labels(cluster_objects)) == {
        "operator-service": "anyone",
        **{backend: {"operator-service"} for backend in BACKENDS},
        # The replica set's members replicate from each other.
        "mongo": set(BACKENDS) | {"mongo", "media-transcoder"},
        "media-transcoder": set(),  # it serves nothing
    }


def test_network_policy_ports_are_the_pods_ports(cluster_objects):
    labels = pod_labels(cluster_objects)
    for policy in (obj for obj in cluster_objects if obj["kind"] == "NetworkPolicy"):
        targets = [workload for workload in workloads(cluster_objects)
                   if selects(policy["spec"]["podSelector"], labels[workload["metadata"]["name"]])]
        for rule in policy["spec"].get("ingress", []):
            for port in rule.get("ports", []):
                for target in targets:
                    pod_ports = {p["containerPort"] for c in pod_spec(target)["containers"] for p in c["ports"]}
                    assert port["port"] in pod_ports, f"{policy['metadata']['name']} opens {port['port']}"


def test_each_manifest_names_a_full_image_so_it_applies_on_its_own():
    """`kubectl apply -f kubernetes/<file>` works without kustomize: no bare image name that only it rewrites."""
    from deploy.deploy_facts import KUBERNETES_DIR, load_yaml_documents

    images = []
    for path in sorted(KUBERNETES_DIR.glob("*.yaml")):
        for document in load_yaml_documents(path):
            spec = document.get("spec", {})
            spec = spec.get("jobTemplate", {}).get("spec", spec)
            for container in spec.get("template", {}).get("spec", {}).get("containers", []):
                images.append((path.name, container["image"]))
    assert len(images) >= 7
    for name, image in images:
        registry, _, rest = image.partition("/")
        assert registry == "localhost:5000" and ":" in rest, f"{name} names {image}"


METRICS_PORT = 9090


def test_only_the_monitoring_namespace_reaches_the_metrics_ports(cluster_objects):
    """Prometheus may scrape each service's metrics port from the monitoring namespace, and nothing else
    from outside the namespace is let in; no Service exposes the metrics port."""
    policies = [obj for obj in cluster_objects if obj["kind"] == "NetworkPolicy"]
    labels = pod_labels(cluster_objects)
    scraped = set()
    for policy in policies:
        for rule in policy["spec"].get("ingress", []):
            foreign = [peer for peer in rule.get("from", []) if "namespaceSelector" in peer]
            if not foreign:
                continue
            assert foreign == rule["from"] == [{"namespaceSelector": {"matchLabels": {
                "kubernetes.io/metadata.name": "monitoring"}}}], policy["metadata"]["name"]
            assert rule["ports"] == [{"protocol": "TCP", "port": METRICS_PORT}], policy["metadata"]["name"]
            scraped |= {pod for pod, pod_label_set in labels.items() if selects(policy["spec"]["podSelector"],
                                                                                pod_label_set)}
    assert scraped == set(SERVICES)
    for name in SERVICES:
        service_ports = {port.get("targetPort") for port in find_object(cluster_objects, "Service",
                                                                        name)["spec"]["ports"]}
        assert "metrics" not in service_ports and METRICS_PORT not in service_ports, name


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_pod_is_annotated_for_scraping_on_its_metrics_port(cluster_objects, name):
    deployment = find_object(cluster_objects, "Deployment", name)
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"prometheus.io/scrape": "true", "prometheus.io/port": str(METRICS_PORT),
                           "prometheus.io/path": "/metrics"}
    (container,) = pod_spec(deployment)["containers"]
    assert {"name": "metrics", "containerPort": METRICS_PORT} in container["ports"]
    config = find_object(cluster_objects, "ConfigMap", "music-config")["data"]
    assert config["METRICS_PORT"] == str(METRICS_PORT)


BACKUP_EXAMPLES = sorted((KUBERNETES_DIR / "backup").glob("*.yaml"))


@pytest.mark.parametrize("version", schema_versions())
def test_backup_examples_match_the_schemas(version):
    assert [path.name for path in BACKUP_EXAMPLES] == ["mongo-backup-cronjob.yaml", "mongo-restore-job.yaml"]
    for path in BACKUP_EXAMPLES:
        for obj in load_yaml_documents(path):
            kubernetes_validate.validate(obj, version, strict=True)


def test_backup_examples_dump_and_restore_the_replica_set_they_may_reach(cluster_objects):
    mongo_policy = find_object(cluster_objects, "NetworkPolicy", "mongo-allow-backends")
    objects = {obj["kind"]: obj for path in BACKUP_EXAMPLES for obj in load_yaml_documents(path)}
    cron, restore = objects["CronJob"], objects["Job"]
    for job_spec, tool in ((cron["spec"]["jobTemplate"]["spec"], "mongodump"), (restore["spec"], "mongorestore")):
        template = job_spec["template"]
        assert selects(mongo_policy["spec"]["ingress"][0]["from"][0]["podSelector"], template["metadata"]["labels"])
        (container,) = template["spec"]["containers"]
        script = " ".join(container["command"])
        assert tool in script and "--gzip" in script and "--archive=" in script
        assert container["image"] == "localhost:5000/mongo:7"
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        uri = {item["name"]: item for item in container["env"]}["MONGO_URI"]
        assert uri["valueFrom"]["configMapKeyRef"] == {"name": "music-config", "key": "MONGO_URI"}
    assert "--oplog " in " ".join(cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"])
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    assert "backup" not in " ".join(kustomization()["resources"]), "examples are applied by hand"


def test_no_forwarded_header_is_trusted_from_anyone():
    """With FORWARDED_ALLOW_IPS "*", any client could set the scheme and, through gunicorn's default
    forwarder headers, SCRIPT_NAME (the penetration test served the console under a prefix it chose)."""
    from common import gunicorn_conf

    (config,) = [document for document in load_yaml_documents(KUBERNETES_DIR / "music-config.yaml")
                 if document["kind"] == "ConfigMap"]
    assert "*" not in config["data"]["FORWARDED_ALLOW_IPS"]
    assert gunicorn_conf.forwarder_headers == "" and gunicorn_conf.header_map == "drop"
