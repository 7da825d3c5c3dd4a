"""kubernetes/monitoring/: the Grafana dashboard parses, and charts only metrics the code declares."""
import json
import re

from deploy.deploy_facts import KUBERNETES_DIR
from prometheus_client.metrics import MetricWrapperBase

from common import metrics

DASHBOARD = KUBERNETES_DIR / "monitoring" / "music-dashboard.json"
# The series a metric of each type is exposed as.
SAMPLE_SUFFIXES = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_count", "_sum")}


def declared_series():
    """Every series name the services can expose: each metric in common/metrics.py with its suffixes."""
    names = set()
    for metric in vars(metrics).values():
        if isinstance(metric, MetricWrapperBase):
            names |= {metric._name + suffix for suffix in SAMPLE_SUFFIXES[metric._type]}
    return names


def dashboard_expressions():
    dashboard = json.loads(DASHBOARD.read_text())
    return [(panel["title"], target["expr"]) for panel in dashboard["panels"] for target in panel["targets"]]


def test_dashboard_is_grafana_json_with_the_first_panels_an_operator_looks_at():
    dashboard = json.loads(DASHBOARD.read_text())
    titles = [panel["title"] for panel in dashboard["panels"]]
    for wanted in ("Listeners now", "Errors", "Latency p95", "Upload failures"):
        assert any(title.startswith(wanted) for title in titles), wanted
    assert len({panel["id"] for panel in dashboard["panels"]}) == len(titles)
    assert dashboard["templating"]["list"][0]["type"] == "datasource"


def test_every_metric_the_dashboard_charts_exists_in_the_code():
    declared = declared_series()
    charted = set()
    for title, expression in dashboard_expressions():
        used = set(re.findall(r"\bmusic_[a-z0-9_]+", expression))
        assert used, f"{title}: {expression} charts none of our metrics"
        assert used <= declared, f"{title} charts {sorted(used - declared)}, which common/metrics.py does not declare"
        charted |= used
    # The panels an operator looks at first have their metrics.
    assert {"music_streams_open", "music_http_requests_total", "music_http_request_duration_seconds_bucket",
            "music_uploads_total"} <= charted
