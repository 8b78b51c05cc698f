# Image of the projection app only: `turbo prune --docker` keeps just the workspaces it depends on.
# Build from the repository root: docker build -f deploy/projection.Dockerfile .
FROM node:20-bookworm-slim AS prune
WORKDIR /repo
COPY . .
RUN npx --yes turbo@2.11.11 prune @cg/projection --docker

FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY --from=prune /repo/out/json/ .
RUN npm ci --ignore-scripts
COPY --from=prune /repo/out/full/ .
RUN npx turbo run build --filter=@cg/projection && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
# Probes and Prometheus reach the ops port from outside the container; keep it on the cluster network.
ENV NODE_ENV=production PROJECTION_PORT=8081 OPS_HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /repo /app
USER node
EXPOSE 8081
CMD ["node", "apps/projection/dist/main.js"]
