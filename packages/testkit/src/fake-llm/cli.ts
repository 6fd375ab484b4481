/**
 * Runs the fake LLM by hand: `node packages/testkit/src/fake-llm/cli.ts --port 8787`.
 * Every model request gets the default echo, unless its prompt holds a hand command
 * (`/tool ls`, `/stall`, `/error 429`: see `hand-commands.ts`); each request is logged on one line.
 * Exit codes: 0 after SIGINT/SIGTERM, 1 when it cannot listen, 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { RecordedRequest } from './answer.ts';
import { HAND_COMMANDS_HELP, handCommandScenario } from './hand-commands.ts';
import type { ReplyScenario } from './scenario.ts';
import { echo } from './script.ts';
import { startFakeLlm } from './server.ts';

const USAGE = `Usage: node packages/testkit/src/fake-llm/cli.ts [--port <0-65535>]

Starts a fake Anthropic + OpenAI + Gemini server on 127.0.0.1 (default port 8787, 0 = any free port).
Every model request is answered with "echo: <last user message>", unless a line of that message
is one of these commands:

${indent(HAND_COMMANDS_HELP)}`;

function indent(lines: string): string {
  return lines.replace(/^/gm, '  ');
}

// Digits only: Number('') and Number(' 1') would silently turn typos into ports.
const portSchema = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().max(65_535));

function fail(message: string): void {
  console.error(`fake-llm: ${message}\n\n${USAGE}`);
  process.exitCode = 2;
}

function describeRequest(request: RecordedRequest): string {
  const time = new Date(request.timestamp).toISOString().slice(11, 23);
  const query = new URLSearchParams(request.query).toString();
  const line = `${time} ${request.method} ${request.path}${query ? `?${query}` : ''} [${request.api}]`;
  const body = (typeof request.body === 'object' && request.body) || {};
  const model = 'model' in body ? ` model=${String(body.model)}` : '';
  const stream = 'stream' in body && body.stream === true ? ' stream' : '';
  const scenario = request.scenario;
  if (!scenario) return `${line}${model}`;
  const answer = scenario.kind === 'error' ? `error ${scenario.status}` : describeReply(scenario);
  return `${line}${model}${stream} -> ${answer}`;
}

function describeReply(scenario: ReplyScenario): string {
  const blocks = scenario.blocks.map((block) => {
    if (block.type === 'tool_use') return `tool_use ${block.name}`;
    const content = block.type === 'text' ? block.text : `(thinking) ${block.thinking}`;
    return JSON.stringify(content.length > 60 ? `${content.slice(0, 57)}...` : content);
  });
  const ending = scenario.ending.kind === 'complete' ? '' : ` then ${scenario.ending.kind}`;
  return `${blocks.join(', ') || '(no content)'}${ending}`;
}

async function main(args: string[]): Promise<void> {
  let values: { port: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { port: { type: 'string', default: '8787' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    fail(cause instanceof Error ? cause.message : String(cause));
    return;
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = portSchema.safeParse(values.port);
  if (!port.success) {
    fail(`--port must be an integer from 0 to 65535, got "${values.port}".`);
    return;
  }
  const fake = await startFakeLlm({
    port: port.data,
    onRequest: (request) => console.log(describeRequest(request)),
  }).catch((cause: unknown) => {
    console.error(`fake-llm: cannot listen on 127.0.0.1:${port.data}: ${String(cause)}`);
    process.exitCode = 1;
  });
  if (!fake) return;
  fake.on(
    (call) => handCommandScenario(call) !== undefined,
    (call) => handCommandScenario(call) ?? echo(call),
  );
  console.log(
    [
      `Fake LLM listening on ${fake.url}`,
      '',
      'Point the platform at it:',
      `  Anthropic (Claude Code): ANTHROPIC_BASE_URL=${fake.url} ANTHROPIC_API_KEY=anything`,
      `  OpenAI-compatible:       OPENAI_BASE_URL=${fake.openAiBaseUrl} OPENAI_API_KEY=anything`,
      `  Gemini:                  GEMINI_BASE_URL=${fake.url} GEMINI_API_KEY=anything`,
      '',
      'Every model request is answered with "echo: <last user message>", unless a line of it is a command:',
      indent(HAND_COMMANDS_HELP),
      'Ctrl-C stops.',
    ].join('\n'),
  );
  const stop = (signal: NodeJS.Signals): void => {
    void fake.close().then(() => console.log(`fake-llm: stopped (${signal})`));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main(process.argv.slice(2));
