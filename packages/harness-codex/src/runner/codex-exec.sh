#!/bin/sh
# Started by the Codex SDK in place of the codex binary (its `codexPathOverride`), inside the
# run's sandbox. The SDK cannot pass this flag itself: it lets the PreToolUse hook that the
# harness wrote into this run's own CODEX_HOME run without Codex's interactive trust review
# (the hook's source is the harness, checked outside Codex). Everything else passes through.
# $1 is `exec`; the real binary's path comes from the runner.
shift
exec "$LIFEOSAI_CODEX_BINARY" exec --dangerously-bypass-hook-trust "$@"
