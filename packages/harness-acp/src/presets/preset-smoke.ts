import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Readable, Writable } from 'node:stream';
import * as acp from '@agentclientprotocol/sdk';
import type { PresetLaunch } from './preset.ts';

/*
 * For the presets' own tests: one prompt through the real agent over ACP, with no harness in
 * between, so a preset's recipe (command, variables, settings files) is checked on its own.
 */

/** What one prompt turn produced. */
export interface SmokeTurn {
  /** `session/prompt`'s stop reason; absent when the prompt failed. */
  readonly stopReason?: string;
  /** The JSON-RPC error's message when `session/prompt` failed. */
  readonly error?: string;
  /** The agent's message chunks, joined. */
  readonly text: string;
  /** Every `session/update` kind seen, in order. */
  readonly updates: string[];
  /** Titles of the permission requests the agent made (each answered "allow once"). */
  readonly permissions: string[];
}

/**
 * Starts the launch with `cwd`, opens a session and sends each prompt as one turn (a failed
 * prompt is a turn with `error`). The agent process is killed before this settles;
 * `timeoutMs` bounds it all.
 */
export async function smokePrompts(
  launch: PresetLaunch,
  cwd: string,
  prompts: string[],
  timeoutMs = 60_000,
): Promise<SmokeTurn[]> {
  const child = spawn(launch.command, [...launch.args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, ...launch.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString()}`.slice(-4000);
  });
  const exited = once(child, 'exit');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  let turn = { text: '', updates: [] as string[], permissions: [] as string[] };
  const stream = acp.ndJsonStream(
    Writable.toWeb(child.stdin) as WritableStream<Uint8Array>,
    Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>,
  );
  const app = acp
    .client()
    .onRequest('session/request_permission', async ({ params }) => {
      turn.permissions.push(params.toolCall.title ?? '');
      const allow = params.options.find((option) => option.kind === 'allow_once') ?? params.options[0]!;
      return { outcome: { outcome: 'selected', optionId: allow.optionId } };
    })
    .onNotification('session/update', ({ params }) => {
      const { update } = params;
      turn.updates.push(update.sessionUpdate);
      if (update.sessionUpdate === 'agent_message_chunk' && update.content.type === 'text') {
        turn.text += update.content.text;
      }
    });
  try {
    return await app.connectWith(stream, async (agent) => {
      await agent.request('initialize', { protocolVersion: acp.PROTOCOL_VERSION, clientCapabilities: {} });
      const { sessionId } = await agent.request('session/new', { cwd, mcpServers: [] });
      const turns: SmokeTurn[] = [];
      for (const prompt of prompts) {
        turn = { text: '', updates: [], permissions: [] };
        const outcome = await agent
          .request('session/prompt', { sessionId, prompt: [{ type: 'text', text: prompt }] })
          .then(
            ({ stopReason }) => ({ stopReason }),
            (cause: unknown) => ({ error: cause instanceof Error ? cause.message : String(cause) }),
          );
        turns.push({ ...outcome, ...turn });
      }
      return turns;
    });
  } catch (cause) {
    throw new Error(`${String(cause)}\nagent stderr:\n${stderr}`);
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  }
}
