# Image of the enrichment app only (the one image with an ML runtime: fastembed + onnxruntime-node).
# `turbo prune --docker` keeps just the workspaces it depends on. Mount all-MiniLM-L6-v2 at /models
# and set EMBEDDING_MODEL_DIR=/models to use it; without it the local embedder serves. Or set
# EMBEDDING_BASE_URL and EMBEDDING_MODEL (and EMBEDDING_API_KEY) to embed through an OpenAI-compatible server.
# Build from the repository root: docker build -f deploy/enrichment.Dockerfile .
FROM node:20-bookworm-slim AS prune
WORKDIR /repo
COPY . .
RUN npx --yes turbo@2.11.11 prune @cg/enrichment --docker

FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY --from=prune /repo/out/json/ .
RUN npm ci --ignore-scripts
COPY --from=prune /repo/out/full/ .
RUN npx turbo run build --filter=@cg/enrichment && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
# Probes and Prometheus reach the ops port from outside the container; keep it on the cluster network.
ENV NODE_ENV=production ENRICHMENT_PORT=8082 OPS_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /repo /app
USER node
EXPOSE 8082
CMD ["node", "apps/enrichment/dist/main.js"]
