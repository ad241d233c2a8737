# Kamailio in front of the Asterisk servers (docker-compose.yml's `ha` profile): Debian's package,
# pinned, on the pinned base of the Debian release that ships it, with dialplan/kamailio/kamailio.cfg.
ARG DEBIAN_IMAGE=debian:12.8-slim
FROM ${DEBIAN_IMAGE}
ARG KAMAILIO_VERSION=5.6.3-2
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "kamailio=${KAMAILIO_VERSION}" \
 && rm -rf /var/lib/apt/lists/*
COPY dialplan/kamailio/kamailio.cfg /etc/kamailio/kamailio.cfg
COPY docker/kamailio-entrypoint.sh /usr/local/bin/kamailio-entrypoint
ENTRYPOINT ["/usr/local/bin/kamailio-entrypoint"]
