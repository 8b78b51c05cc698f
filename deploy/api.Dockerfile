# Image of the api app only: `turbo prune --docker` keeps just the workspaces it depends on.
# Build from the repository root: docker build -f deploy/api.Dockerfile .
FROM node:20-bookworm-slim AS prune
WORKDIR /repo
COPY . .
RUN npx --yes turbo@2.11.11 prune @cg/api --docker

FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY --from=prune /repo/out/json/ .
RUN npm ci --ignore-scripts
COPY --from=prune /repo/out/full/ .
RUN npx turbo run build --filter=@cg/api && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production API_PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /repo /app
USER node
EXPOSE 8080
CMD ["node", "apps/api/dist/main.js"]
