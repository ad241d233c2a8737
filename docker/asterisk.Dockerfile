# Asterisk 22 from Debian sid's package archive, with the project's dialplan/ as /etc/asterisk.
FROM debian:sid-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      asterisk asterisk-moh-opsound-gsm asterisk-core-sounds-en-gsm espeak-ng sox \
 && rm -rf /var/lib/apt/lists/*
COPY dialplan/ /etc/asterisk/
COPY scripts/make-announcements.sh /usr/local/bin/make-announcements
RUN bash /usr/local/bin/make-announcements / /etc/asterisk/announcements
CMD ["asterisk", "-f"]
