# Image of the consolidation app only: `turbo prune --docker` keeps just the workspaces it depends on
# (no ML runtime: summaries come from an OpenAI-compatible endpoint, or the extractive summarizer).
# Set LLM_BASE_URL and LLM_MODEL (and LLM_API_KEY if the endpoint wants one) to summarize with an LLM.
# Build from the repository root: docker build -f deploy/consolidation.Dockerfile .
FROM node:20-bookworm-slim AS prune
WORKDIR /repo
COPY . .
RUN npx --yes turbo@2.11.11 prune @cg/consolidation --docker

FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY --from=prune /repo/out/json/ .
RUN npm ci --ignore-scripts
COPY --from=prune /repo/out/full/ .
RUN npx turbo run build --filter=@cg/consolidation && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
# Probes and Prometheus reach the ops port from outside the container; keep it on the cluster network.
ENV NODE_ENV=production CONSOLIDATION_PORT=8083 OPS_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /repo /app
USER node
EXPOSE 8083
CMD ["node", "apps/consolidation/dist/main.js"]
