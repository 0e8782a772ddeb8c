#!/bin/bash
# Like the official image's entrypoint for the commands docker-compose.yml uses: `bash …`,
# `python …` and `airflow …` run as given; anything else is an airflow subcommand.
set -euo pipefail
case "${1:-}" in
  bash|sh|python|python3|airflow) exec "$@" ;;
  *) exec airflow "$@" ;;
esac
