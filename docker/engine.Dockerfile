# The same Node as the Asterisk image's build stage, pinned by its full version.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
FROM ${NODE_IMAGE}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src/ src/
COPY config/ config/
USER node
CMD ["npx", "tsx", "src/main.ts"]
