import type { ModelCall } from './model-call.ts';
import { longText, MARKDOWN_SAMPLE } from './sample-text.ts';
import {
  type ErrorStatus,
  error,
  malformed,
  type Scenario,
  slow,
  stall,
  text,
  toolCall,
  truncated,
} from './scenario.ts';

/**
 * Commands a person types into an agent's prompt to make the `npm run fake-llm` server do
 * something other than echo: call the agent's shell tool, stall, stream slowly, answer in
 * markdown, fail. Each line is one entry of the CLI's `--help`, of what it prints at start,
 * and of the README.
 */
export const HAND_COMMANDS_HELP = [
  '/tool <command>   call the agent\'s shell tool with <command>, then answer "Ran: <command>"',
  '/markdown         answer with headings, lists, a task list, a table, code and links',
  '/slow [seconds]   stream a long answer over <seconds> (default 10, at most 120)',
  '/stall            stream "Stalling..." and go silent until the client leaves',
  '/error <status>   answer with HTTP <status> (400, 401, 429, 500, 529); add "midstream" for a 200 stream that breaks',
  '/malformed        stream some text, then a data line that is not JSON',
  '/truncated        stream some text, then drop the connection',
].join('\n');

/**
 * Shell tools of the agents the platform runs, by the name the agent declares, and the input
 * each expects: Claude Code `Bash`, Pi and OpenCode `bash` (OpenCode requires a description;
 * Pi ignores it), Gemini CLI `run_shell_command`, Codex `shell` (argv) or `exec_command`.
 */
const SHELL_TOOLS: ReadonlyArray<{ name: string; input(command: string): Record<string, unknown> }> = [
  { name: 'Bash', input: (command) => ({ command, description: 'Run by hand through the fake LLM' }) },
  { name: 'bash', input: (command) => ({ command, description: 'Run by hand through the fake LLM' }) },
  { name: 'run_shell_command', input: (command) => ({ command }) },
  { name: 'shell', input: (command) => ({ command: ['bash', '-lc', command] }) },
  { name: 'exec_command', input: (command) => ({ cmd: command }) },
];

const ERROR_STATUSES: readonly ErrorStatus[] = [400, 401, 429, 500, 529];

// A command starts a line of the last user text: prose that mentions "/tool" mid-sentence is not one.
const COMMAND = /^\s*\/(tool|markdown|slow|stall|error|malformed|truncated)\b[ \t]*(.*)$/m;

/**
 * The scenario a hand command in the request's last user text asks for; `undefined` when it
 * has none (the echo answers). After the shell tool's result comes back, the answer is text,
 * so an agent loop always ends.
 */
export function handCommandScenario(call: ModelCall): Scenario | undefined {
  const match = COMMAND.exec(call.lastUserText);
  if (!match) return undefined;
  const [, name, rest = ''] = match;
  const argument = rest.trim();
  switch (name) {
    case 'tool':
      return toolScenario(call, argument);
    case 'markdown':
      return slow({ text: MARKDOWN_SAMPLE, chunkDelayMs: 30, chunks: 20 });
    case 'slow':
      return slowScenario(argument);
    case 'stall':
      return stall({ afterText: 'Stalling...' });
    case 'malformed':
      return malformed();
    case 'truncated':
      return truncated();
    default:
      return errorScenario(argument);
  }
}

function toolScenario(call: ModelCall, command: string): Scenario {
  if (call.lastMessageIsToolResult) return text(`Ran: ${command}`);
  if (command === '') return text('Usage: /tool <command>, e.g. /tool ls -la');
  const shell = SHELL_TOOLS.find((tool) => call.toolNames.includes(tool.name));
  if (!shell) {
    const declared = call.toolNames.length > 0 ? call.toolNames.join(', ') : 'none';
    return text(`No shell tool I know among the declared tools (${declared}).`);
  }
  return toolCall({ name: shell.name, input: shell.input(command) });
}

/** Chunks per second of `/slow`. */
const SLOW_CHUNKS_PER_SECOND = 10;

function slowScenario(argument: string): Scenario {
  const seconds = argument === '' ? 10 : Number(argument);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 120) return text('Usage: /slow [1-120 seconds]');
  const chunks = seconds * SLOW_CHUNKS_PER_SECOND;
  return slow({ text: longText(chunks * 5), chunkDelayMs: 1000 / SLOW_CHUNKS_PER_SECOND, chunks });
}

function errorScenario(argument: string): Scenario {
  const [status, mode] = argument.split(/\s+/);
  const known = ERROR_STATUSES.find((candidate) => String(candidate) === status);
  if (known === undefined) return text(`Usage: /error <${ERROR_STATUSES.join('|')}> [midstream]`);
  return error(known, undefined, { midStream: mode === 'midstream' });
}
