#!/bin/sh
# The image's entrypoint (deploy/Dockerfile): one argument names the part of LIFEOSAI this
# container runs. Each is the same command line `npm start` and the tests use, run by Node 24
# from /app (or the repository root when started outside the image). `exec`: Node becomes the
# process tini signals, so a SIGTERM stops the service cleanly.
set -eu
cd "$(dirname "$0")/.."
part="${1:-}"
case "$part" in
  auth) exec node apps/auth/src/main.ts ;;
  user-management) exec node apps/user-management/src/main.ts ;;
  # The Agent API as an HTTP instance (also the phone bridge's sockets): never executes a run.
  agent-api)
    export LIFEOSAI_ROLE=api
    exec node apps/agent-api/src/main.ts
    ;;
  # A run worker: claims and executes runs in bubblewrap sandboxes, holds the channel pollers;
  # serves /healthz only.
  worker)
    export LIFEOSAI_ROLE=worker
    exec node apps/agent-api/src/main.ts
    ;;
  web) exec node apps/web/src/main.ts ;;
  # The release step: bring the database up to date, then exit (0 when ready).
  migrate) exec node scripts/migrate.ts ;;
  *)
    echo "usage: entrypoint.sh <auth|user-management|agent-api|worker|web|migrate> (got '${part}')" >&2
    exit 64
    ;;
esac
