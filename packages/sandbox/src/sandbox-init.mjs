/**
 * The first program inside a sandbox (under bubblewrap's own PID 1), as the run's user and
 * under its limits: `node sandbox-init.mjs <command> [args…]`, configured by the
 * `LIFEOSAI_SANDBOX_INIT` variable (removed before the command starts).
 *
 * The sandbox's network namespace holds only loopback. This program listens there on the
 * addresses the run is told about (the platform's port, operator-allowed loopback tunnels)
 * and passes every connection to the egress socket bind-mounted from the host, where the
 * platform decides what it may reach. Only once every listener is up does it start the
 * command, with the same stdio (and Node IPC channel, when asked), and it exits with the
 * command's status. SIGTERM/SIGINT/SIGHUP are passed to the command; everything else in
 * the sandbox ends with the namespace once the command (and so this program) is gone.
 *
 * Plain JavaScript (type-checked from its JSDoc) importing nothing of ours: it lives as long as
 * its run, in every run, and a Node process that loads no TypeScript never loads Node's type
 * stripper (ADR 0023 has what that saves per run).
 */
// @ts-check
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { constants } from 'node:os';
import { initConfigVariable } from './init-variable.mjs';

/** @typedef {import('./init-config.ts').SandboxInitConfig} SandboxInitConfig */

/** @type {Set<NodeJS.Signals>} */
const stopRequested = new Set();

function main() {
  /** @type {SandboxInitConfig} */
  const config = JSON.parse(process.env[initConfigVariable] ?? '{}');
  const [command, ...args] = process.argv.slice(2);
  if (!command || !config.socket)
    fail('usage: sandbox-init <command> [args…] with LIFEOSAI_SANDBOX_INIT set');
  // Until the command runs, a stop request has nothing to stop: the host's SIGKILL follows.
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP']))
    process.on(signal, () => stopRequested.add(signal));
  let pending = config.listen.length;
  const started = () => {
    if (--pending <= 0) startCommand(/** @type {string} */ (command), args, config);
  };
  if (pending === 0) startCommand(/** @type {string} */ (command), args, config);
  for (const listener of config.listen) {
    const server = createServer((client) => forward(client, config.socket, listener.tunnel));
    server.on('error', (error) =>
      fail(`cannot listen on ${listener.host}:${listener.port}: ${error.message}`),
    );
    server.listen(listener.port, listener.host, started);
    server.unref();
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {SandboxInitConfig} config
 */
function startCommand(command, args, config) {
  const { [initConfigVariable]: _config, ...inherited } = process.env;
  const env = { ...inherited, ...config.commandEnv };
  const channel = config.channelFd;
  const child = spawn(command, args, {
    stdio: channel === undefined ? 'inherit' : ['inherit', 'inherit', 'inherit', channel],
    env:
      channel === undefined ? env : { ...env, NODE_CHANNEL_FD: '3', NODE_CHANNEL_SERIALIZATION_MODE: 'json' },
  });
  // The command holds the channel now; our copy would keep it open after the command closed it.
  if (channel !== undefined) closeSync(channel);
  child.on('error', (error) => fail(`cannot start ${command}: ${error.message}`, 127));
  // The host asks politely through us: the command gets the signal and a chance to finish
  // its files; when it exits, we do, and with bubblewrap's PID 1 the whole namespace goes.
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) {
    process.removeAllListeners(signal);
    process.on(signal, () => child.kill(signal));
  }
  for (const signal of stopRequested) child.kill(signal);
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1));
  });
}

/**
 * Passes one loopback connection to the egress socket, through a CONNECT handshake for tunnels.
 * @param {import('node:net').Socket} client
 * @param {string} socketPath
 * @param {string | undefined} tunnel
 */
function forward(client, socketPath, tunnel) {
  const upstream = connect(socketPath);
  const end = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', end);
  upstream.on('error', end);
  client.on('close', end);
  upstream.on('close', end);
  if (tunnel === undefined) {
    client.pipe(upstream);
    upstream.pipe(client);
    return;
  }
  client.pause();
  upstream.write(`CONNECT ${tunnel} HTTP/1.1\r\nhost: ${tunnel}\r\n\r\n`);
  let answer = Buffer.alloc(0);
  /** @param {Buffer} chunk */
  const onData = (chunk) => {
    answer = Buffer.concat([answer, chunk]);
    const headEnd = answer.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      if (answer.length > 8192) end();
      return;
    }
    upstream.off('data', onData);
    if (!/^HTTP\/1\.[01] 200 /.test(answer.subarray(0, headEnd).toString('latin1'))) {
      end();
      return;
    }
    const rest = answer.subarray(headEnd + 4);
    if (rest.length > 0) client.write(rest);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  };
  upstream.on('data', onData);
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message, code = 125) {
  process.stderr.write(`[lifeosai sandbox] ${message}\n`);
  process.exit(code);
}

main();
