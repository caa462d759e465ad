"""Render deploy/helm/inroads with Helm's own engine and check what Kubernetes would get.

helm-python-sdk binds Helm's Go SDK (no helm binary). Where it has no wheel (not Linux
x86_64) these tests are skipped with that reason, even under CI: the dependency is
limited to that platform in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

helm = pytest.importorskip(
    "helm_python", reason="helm-python-sdk (Helm's renderer) has no wheel for this platform"
)

CHART = Path(__file__).resolve().parents[2] / "deploy" / "helm" / "inroads"

BASE: dict[str, Any] = {
    "secrets": {
        "databaseUrl": "postgresql://inroads:pw@db:5432/inroads",
        "slackBotToken": "xoxb-1",
        "slackSigningSecret": "sig",
        "discordToken": "disc",
    }
}


def merged(*layers: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = merged(out[key], value)
            else:
                out[key] = value
    return out


def render(values: dict[str, Any]) -> list[dict[str, Any]]:
    with helm.Chart.load(str(CHART)) as chart:
        files = chart.render(values, name="inr", namespace="bots")
    docs: list[dict[str, Any]] = []
    for name, text in files.items():
        if name.endswith(".txt"):
            continue
        docs.extend(d for d in yaml.safe_load_all(text) if d)
    return docs


def of_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind]


def containers(docs: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for deployment in of_kind(docs, "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            yield deployment, container


def test_default_values_render_slack_with_service_config_and_secret() -> None:
    docs = render(BASE)
    kinds = sorted(d["kind"] for d in docs)
    assert kinds == ["ConfigMap", "Deployment", "PodDisruptionBudget", "Secret", "Service"]
    (deployment,) = of_kind(docs, "Deployment")
    assert deployment["spec"]["replicas"] == 2
    (service,) = of_kind(docs, "Service")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    config = of_kind(docs, "ConfigMap")[0]["data"]
    assert config["INROADS_HTTP_PORT"] == "3000"
    assert config["INROADS_LOG_FORMAT"] == "json"
    secret = of_kind(docs, "Secret")[0]["stringData"]
    assert set(secret) == {
        "INROADS_DATABASE_URL",
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "DISCORD_TOKEN",
    }


def test_every_container_has_probes_resources_and_runs_unprivileged() -> None:
    docs = render(merged(BASE, {"discord": {"enabled": True}}))
    seen = 0
    for deployment, container in containers(docs):
        seen += 1
        assert container["args"] == ["run"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        assert {p["name"] for p in container["ports"]} == {"http"}
        assert set(container["resources"]["requests"]) == {"cpu", "memory"}
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] != 0
        assert pod["terminationGracePeriodSeconds"] > 10  # our shutdown budget
        env = {e["name"]: e for e in container["env"]}
        db = env["INROADS_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
        assert db["name"] == "inr-inroads-secrets"
        assert db["optional"] is False
    assert seen == 2


def test_slack_and_discord_pods_get_only_their_own_tokens() -> None:
    docs = render(merged(BASE, {"discord": {"enabled": True}}))
    by_component = {
        d["metadata"]["labels"]["app.kubernetes.io/component"]: c for d, c in containers(docs)
    }
    slack_env = {e["name"] for e in by_component["slack"]["env"]}
    discord_env = {e["name"] for e in by_component["discord"]["env"]}
    assert "SLACK_BOT_TOKEN" in slack_env
    assert "DISCORD_TOKEN" not in slack_env
    assert "DISCORD_TOKEN" in discord_env
    assert not {n for n in discord_env if n.startswith("SLACK_")}


def test_discord_shards_are_spread_over_processes_exactly_once() -> None:
    docs = render(merged(BASE, {"discord": {"enabled": True, "shardCount": 7, "processes": 3}}))
    discord = [
        (d, c)
        for d, c in containers(docs)
        if d["metadata"]["name"].startswith("inr-inroads-discord")
    ]
    assert len(discord) == 3
    all_ids: list[int] = []
    for deployment, container in discord:
        assert deployment["spec"]["replicas"] == 1
        assert deployment["spec"]["strategy"]["type"] == "Recreate"
        env = {e["name"]: e.get("value") for e in container["env"]}
        assert env["DISCORD_SHARD_COUNT"] == "7"
        all_ids += [int(i) for i in env["DISCORD_SHARD_IDS"].split(",")]
    assert sorted(all_ids) == list(range(7))


def test_ingress_exposes_only_slack_paths_with_tls() -> None:
    docs = render(
        merged(
            BASE,
            {
                "ingress": {
                    "enabled": True,
                    "host": "bot.example.org",
                    "className": "nginx",
                    "tlsSecretName": "bot-tls",
                }
            },
        )
    )
    (ingress,) = of_kind(docs, "Ingress")
    spec = ingress["spec"]
    assert spec["ingressClassName"] == "nginx"
    assert spec["tls"] == [{"hosts": ["bot.example.org"], "secretName": "bot-tls"}]
    (path,) = spec["rules"][0]["http"]["paths"]
    assert path["path"] == "/slack"
    service_name = of_kind(docs, "Service")[0]["metadata"]["name"]
    assert path["backend"]["service"] == {"name": service_name, "port": {"name": "http"}}


def test_existing_secret_replaces_the_generated_one() -> None:
    docs = render({"secrets": {"existingSecret": "my-tokens"}})
    assert not of_kind(docs, "Secret")
    for _deployment, container in containers(docs):
        refs = {e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"]}
        assert refs == {"my-tokens"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"secrets": {"slackBotToken": "x", "slackSigningSecret": "s"}}, "secrets.databaseUrl"),
        (merged(BASE, {"secrets": {"slackSigningSecret": ""}}), "slackSigningSecret"),
        (
            merged(BASE, {"discord": {"enabled": True, "shardCount": 2, "processes": 3}}),
            "cannot exceed",
        ),
        (merged(BASE, {"discord": {"enabled": True, "processes": 2}}), "needs discord.shardCount"),
    ],
)
def test_misconfiguration_fails_with_a_clear_message(values: dict[str, Any], message: str) -> None:
    with pytest.raises(helm.errors.HelmError, match=message):
        render(values)


def metrics_token_refs(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each container's INROADS_METRICS_TOKEN secret reference (missing: absent)."""
    return [
        e["valueFrom"]["secretKeyRef"]
        for _deployment, container in containers(docs)
        for e in container["env"]
        if e["name"] == "INROADS_METRICS_TOKEN"
    ]


def test_metrics_token_is_off_by_default() -> None:
    docs = render(merged(BASE, {"discord": {"enabled": True}}))
    assert metrics_token_refs(docs) == []
    assert "INROADS_METRICS_TOKEN" not in of_kind(docs, "Secret")[0]["stringData"]


def test_metrics_token_comes_from_the_secret_in_every_pod() -> None:
    values = {"metrics": {"requireToken": True}, "secrets": {"metricsToken": "scrape-me"}}
    docs = render(merged(BASE, {"discord": {"enabled": True}}, values))
    assert of_kind(docs, "Secret")[0]["stringData"]["INROADS_METRICS_TOKEN"] == "scrape-me"
    refs = metrics_token_refs(docs)
    assert len(refs) == len(list(containers(docs))) == 2
    for ref in refs:
        # Not optional: a Secret without the key keeps the pod from starting, rather
        # than leaving /metrics open.
        assert ref == {
            "name": "inr-inroads-secrets",
            "key": "INROADS_METRICS_TOKEN",
            "optional": False,
        }
    for _deployment, container in containers(docs):  # never in plain config
        assert all(e.get("value") != "scrape-me" for e in container["env"])
    assert "scrape-me" not in str(of_kind(docs, "ConfigMap"))


def test_metrics_token_from_an_existing_secret() -> None:
    docs = render({"secrets": {"existingSecret": "my-tokens"}, "metrics": {"requireToken": True}})
    assert not of_kind(docs, "Secret")
    assert [r["name"] for r in metrics_token_refs(docs)] == ["my-tokens"]


def test_metrics_token_switched_on_without_a_token_fails_clearly() -> None:
    with pytest.raises(helm.errors.HelmError, match=r"secrets\.metricsToken is required"):
        render(merged(BASE, {"metrics": {"requireToken": True}}))
