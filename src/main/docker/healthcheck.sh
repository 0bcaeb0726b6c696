#!/bin/bash
# Docker HEALTHCHECK: healthy when this process's readiness check (/q/health/ready) answers 200.
# Plain bash (/dev/tcp), so the image needs no curl or wget. The port is MURMUR_HEALTH_PORT (9000,
# the management port in production).
port=${MURMUR_HEALTH_PORT:-9000}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
case $status in
  "HTTP/1.1 200"*) exit 0 ;;
  *) exit 1 ;;
esac
