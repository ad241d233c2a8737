# Asterisk 22 from Debian sid's package archive, with the project's dialplan/ as /etc/asterisk and
# the German announcements of the deployment files as /usr/share/asterisk/sounds/overflow/*.wav (and
# their video clips for sign-language callers in overflow/video/), each further center's in its own
# directory (serviceCenter.soundsDirectory, e.g. overflow-segeberg/).

# Stage 1: render the announcements. scripts/render-announcements.ts needs Node.js and the
# project's config loader (texts, placeholders, opening hours), plus espeak-ng and sox, and ffmpeg
# with the DejaVu font for the video clips.
# Versions are pinned: the Node image by its full version; Asterisk by its Debian package version,
# installed from the Debian snapshot archive as of DEBIAN_SNAPSHOT, where that version stays
# installable after sid has moved on (the same Asterisk the tests run: scripts/provision.sh). To move
# on, set both together: `docker compose build --build-arg DEBIAN_SNAPSHOT=… --build-arg ASTERISK_VERSION=… asterisk`.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG DEBIAN_IMAGE=debian:sid-slim
FROM ${NODE_IMAGE} AS announcements
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends espeak-ng sox ffmpeg fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src/ src/
COPY scripts/render-announcements.ts scripts/render-phones.ts scripts/
COPY scripts/lib/asterisk-h264.ts scripts/lib/render-clips.ts scripts/lib/video-clips.ts scripts/lib/phone-sections.ts scripts/lib/
COPY config/ config/
# The deployment files whose texts and opening hours are spoken: those the engines run with
# (docker-compose.yml's CONFIG of each engine), each center into its own serviceCenter.soundsDirectory.
# `docker compose build --build-arg CONFIGS="config/other.yaml" asterisk` for one center of your own.
ARG CONFIGS="config/county.yaml config/kreis-segeberg.yaml"
RUN mkdir /out && for config in $CONFIGS; do npx tsx scripts/render-announcements.ts /out "$config" || exit 1; done
# The deployment files' phones, each with a placeholder for its password (filled in at start).
RUN npx tsx scripts/render-phones.ts --placeholders $CONFIGS > /out/pjsip_phones.conf.in
# The same phones for a server behind Kamailio (ha profile): the entrypoint puts the proxy's address in.
RUN npx tsx scripts/render-phones.ts --via-proxy sip-proxy.invalid:5060 $CONFIGS > /out/pjsip_phones_via_proxy.conf.in

# Stage 2: the Asterisk image itself, without Node, espeak-ng, sox or ffmpeg.
FROM ${DEBIAN_IMAGE}
ARG DEBIAN_SNAPSHOT=20261030T120000Z
ARG ASTERISK_VERSION=1:22.10.1+dfsg+~cs6.17.60671434-1
RUN rm -f /etc/apt/sources.list.d/debian.sources \
 && echo "deb [check-valid-until=no] http://snapshot.debian.org/archive/debian/${DEBIAN_SNAPSHOT} sid main" > /etc/apt/sources.list \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "asterisk=${ASTERISK_VERSION}" asterisk-moh-opsound-gsm asterisk-core-sounds-en-gsm \
 && rm -rf /var/lib/apt/lists/*
COPY dialplan/ /etc/asterisk/
# The phones come from the deployment file, not from dialplan/'s samples.
RUN rm /etc/asterisk/pjsip_phones.conf
COPY --from=announcements /out/pjsip_phones.conf.in /out/pjsip_phones_via_proxy.conf.in /etc/asterisk/
# dialplan/ holds public sample passwords and binds to 127.0.0.1: at every start the entrypoint
# writes ARI_PASSWORD, the phones' passwords and the network settings of the environment, and
# refuses to start while one is missing or a sample (docker/asterisk-entrypoint.sh).
COPY docker/asterisk-entrypoint.sh docker/asterisk-ari-password.sh docker/asterisk-network.sh docker/asterisk-phones.sh docker/asterisk-cluster.sh /usr/local/lib/overflow-asterisk/
# Every center's directory: overflow/ includes overflow/engine-unavailable, which extensions.conf
# plays itself when an engine is down, and overflow/video/ (its .wav files are relative links into
# overflow/, kept as links by COPY); overflow-segeberg/ the second sample center's.
COPY --from=announcements /out/usr/share/asterisk/sounds/ /usr/share/asterisk/sounds/
ENTRYPOINT ["/usr/local/lib/overflow-asterisk/asterisk-entrypoint.sh"]
CMD ["asterisk", "-f"]
