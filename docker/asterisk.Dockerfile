# Asterisk 22 from Debian sid's package archive, with the project's dialplan/ as /etc/asterisk and
# the German announcements of the deployment file as /usr/share/asterisk/sounds/overflow/*.wav (and
# their video clips for sign-language callers in overflow/video/).

# Stage 1: render the announcements. scripts/render-announcements.ts needs Node.js and the
# project's config loader (texts, placeholders, opening hours), plus espeak-ng and sox, and ffmpeg
# with the DejaVu font for the video clips.
FROM node:20-bookworm-slim AS announcements
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends espeak-ng sox ffmpeg fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src/ src/
COPY scripts/render-announcements.ts scripts/
COPY scripts/lib/asterisk-h264.ts scripts/lib/render-clips.ts scripts/lib/video-clips.ts scripts/lib/
COPY config/ config/
# The deployment file whose texts and opening hours are spoken: the one the engine runs with
# (docker-compose.yml's CONFIG). `docker compose build --build-arg CONFIG=config/other.yaml asterisk`.
ARG CONFIG=config/county.yaml
RUN mkdir /out && npx tsx scripts/render-announcements.ts /out "$CONFIG"

# Stage 2: the Asterisk image itself, without Node, espeak-ng, sox or ffmpeg.
FROM debian:sid-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      asterisk asterisk-moh-opsound-gsm asterisk-core-sounds-en-gsm \
 && rm -rf /var/lib/apt/lists/*
COPY dialplan/ /etc/asterisk/
# dialplan/ari.conf holds a public sample password: the entrypoint replaces it with ARI_PASSWORD
# from the environment at every start and refuses to start without one (or with the sample).
COPY docker/asterisk-entrypoint.sh /usr/local/bin/asterisk-entrypoint
# Includes overflow/engine-unavailable, which extensions.conf plays itself when the engine is down,
# and overflow/video/ (its .wav files are relative links into overflow/, kept as links by COPY).
COPY --from=announcements /out/usr/share/asterisk/sounds/overflow/ /usr/share/asterisk/sounds/overflow/
ENTRYPOINT ["/usr/local/bin/asterisk-entrypoint"]
CMD ["asterisk", "-f"]
