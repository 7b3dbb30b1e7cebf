#!/usr/bin/env bash
# Checks what can be checked here without Docker or a Kubernetes cluster: every YAML file under
# deploy/ parses, every Kubernetes object has apiVersion, kind and a name, kustomization.yaml
# lists files that exist, the container resources agree with the image's heap share, and the
# PostgreSQL scripts in deploy/k8s/postgres.yaml are the same as deploy/postgres/*.sh (which
# compose mounts). Needs python3 with PyYAML. Not checked: the API server's schemas
# (kubectl --dry-run=server) and a real `docker compose up`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import glob, os, re, sys, yaml

problems = []
docs = {}
for path in sorted(glob.glob("deploy/**/*.yaml", recursive=True)):
    with open(path) as f:
        docs[path] = [d for d in yaml.safe_load_all(f) if d is not None]
for path, items in docs.items():
    if not path.startswith("deploy/k8s/") or path.endswith("kustomization.yaml"):
        continue
    for d in items:
        if not (d.get("apiVersion") and d.get("kind") and d.get("metadata", {}).get("name")):
            problems.append(f"{path}: an object without apiVersion, kind or metadata.name")
kustomization = docs["deploy/k8s/kustomization.yaml"][0]
for resource in kustomization["resources"]:
    if not os.path.exists(os.path.join("deploy/k8s", resource)):
        problems.append(f"kustomization.yaml lists {resource}, which does not exist")
scripts = next(d for d in docs["deploy/k8s/postgres.yaml"] if d["kind"] == "ConfigMap")["data"]
for name, text in scripts.items():
    with open(f"deploy/postgres/{name}") as f:
        if f.read() != text:
            problems.append(f"deploy/k8s/postgres.yaml's {name} differs from deploy/postgres/{name}")
compose = docs["deploy/compose.yaml"][0]
for service in ("okpay", "postgres-primary", "postgres-replica"):
    if service not in compose["services"]:
        problems.append(f"compose.yaml has no service {service}")
# The heap is MaxRAMPercentage of the container's limit: the pom's flag and the limits must agree
# with what docs/deploy.md says was measured (heap share, limit).
pom = open("pom.xml").read()
share = re.search(r"-XX:MaxRAMPercentage=(\d+)", pom)
deployment = next(d for d in docs["deploy/k8s/okpay.yaml"] if d["kind"] == "Deployment")
container = deployment["spec"]["template"]["spec"]["containers"][0]
limit = container["resources"]["limits"]["memory"]
if not share:
    problems.append("pom.xml's image profile sets no -XX:MaxRAMPercentage")
if container["resources"]["requests"]["memory"] != limit:
    problems.append("okpay's memory request and limit differ")
if compose["services"]["okpay"].get("mem_limit") != limit.replace("Mi", "m"):
    problems.append(f"compose's mem_limit differs from the Kubernetes limit {limit}")
if not container["securityContext"].get("readOnlyRootFilesystem"):
    problems.append("okpay's root file system is writable")
for problem in problems:
    print("FAILED:", problem)
print(f"deploy: {sum(len(v) for v in docs.values())} YAML documents in {len(docs)} files parsed; "
      f"{len(problems)} problems")
sys.exit(1 if problems else 0)
PY
