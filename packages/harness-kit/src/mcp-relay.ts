/**
 * Runs inside the run's sandbox, started by the agent's runtime as a stdio MCP server: it
 * pipes its stdin and stdout to the platform tool bridge's Unix socket (argv[2]) and does
 * nothing else. No MCP code, no credentials, no platform code runs in the sandbox; the tools
 * run in the host, where `openPlatformToolBridge` serves them.
 */
import { connect } from 'node:net';

const socketPath = process.argv[2];
if (!socketPath) {
  process.stderr.write('usage: mcp-relay <socket path>\n');
  process.exit(2);
}
const socket = connect(socketPath);
socket.on('error', (error) => {
  process.stderr.write(
    `The platform tool bridge is not reachable (${error.message}); the run may have ended.\n`,
  );
  process.exit(1);
});
socket.on('close', () => process.exit(0));
process.stdin.pipe(socket);
socket.pipe(process.stdout);
