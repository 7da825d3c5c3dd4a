#!/usr/bin/env bash
# Builds the four service images from the repository root, tags them <registry>/<service-name>:<tag>
# and pushes them, with a mirror of the official mongo image (<registry>/mongo:7), so that a cluster
# without internet access pulls everything from the registry (kubernetes/*.yaml name these images).
#
#   scripts/build_and_push_images.sh                      # localhost:5000/<name>:0.1.0
#   REGISTRY=registry.example.com/music TAG=0.2.0 scripts/build_and_push_images.sh
#   PUSH=0 scripts/build_and_push_images.sh               # build and tag only
#
# With another REGISTRY or TAG, change newName/newTag in kubernetes/kustomization.yaml to match.
set -euo pipefail

REGISTRY="${REGISTRY:-localhost:5000}"
TAG="${TAG:-0.1.0}"
PUSH="${PUSH:-1}"
DOCKER="${DOCKER:-docker}"
MONGO_IMAGE="${MONGO_IMAGE:-mongo:7}"
SERVICES=(auth_service song_service media_service operator_service)

cd "$(dirname "${BASH_SOURCE[0]}")/.."

for service in "${SERVICES[@]}"; do
    # The package auth_service becomes the image (and Kubernetes name) auth-service.
    image="${REGISTRY}/${service//_/-}:${TAG}"
    echo "==> ${image}"
    "${DOCKER}" build --file "${service}/Dockerfile" --tag "${image}" .
    if [[ "${PUSH}" != "0" ]]; then
        "${DOCKER}" push "${image}"
    fi
done

# MongoDB is not built here: the official image is pulled once and pushed under the registry's name.
mirror="${REGISTRY}/${MONGO_IMAGE}"
echo "==> ${mirror} (from ${MONGO_IMAGE})"
"${DOCKER}" pull "${MONGO_IMAGE}"
"${DOCKER}" tag "${MONGO_IMAGE}" "${mirror}"
if [[ "${PUSH}" != "0" ]]; then
    "${DOCKER}" push "${mirror}"
fi
