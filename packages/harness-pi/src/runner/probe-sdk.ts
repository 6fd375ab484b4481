/**
 * Run by `checkEnvironment` in a child process: loads the Pi SDK the way the runner does
 * and prints its version as one JSON line. Loading it in the service process instead
 * would pull the whole SDK (and its provider clients) into the Agent API for a check.
 */
const { VERSION } = await import('@earendil-works/pi-coding-agent');
process.stdout.write(`${JSON.stringify({ piVersion: VERSION })}\n`);
