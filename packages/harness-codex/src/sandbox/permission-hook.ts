/**
 * Codex's PreToolUse hook, run by Codex inside the run's sandbox before each tool call (a
 * shell command, a patch, an MCP tool). It only relays: it reads the call Codex describes on
 * stdin, asks the harness over the Unix socket in the agent's data dir (argv[2]) and answers
 * Codex in its hook protocol — exit 0 runs the tool, exit 2 with a reason on stderr refuses
 * it and the model reads the reason. No decision is made here, and when the harness cannot
 * be asked, the call is refused: a gate that fails open is no gate.
 */
import { connect } from 'node:net';

const socketPath = process.argv[2];

function refuse(reason: string): never {
  process.stderr.write(`${reason}\n`);
  process.exit(2);
}

if (!socketPath) refuse('The permission hook was started without its socket.');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  input += chunk;
});
process.stdin.on('end', () => {
  let call: { tool_name?: unknown; tool_input?: unknown; tool_use_id?: unknown };
  try {
    call = JSON.parse(input) as typeof call;
  } catch {
    refuse('The permission hook could not read the tool call.');
  }
  const socket = connect(socketPath!);
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('error', () =>
    refuse('The harness could not be asked whether this tool may run; it was refused.'),
  );
  socket.on('data', (chunk: string) => {
    answer += chunk;
  });
  socket.on('end', () => {
    let verdict: { allow?: unknown; message?: unknown };
    try {
      verdict = JSON.parse(answer) as typeof verdict;
    } catch {
      refuse('The harness gave no decision for this tool; it was refused.');
    }
    if (verdict.allow === true) process.exit(0);
    refuse(typeof verdict.message === 'string' ? verdict.message : 'The tool call was refused.');
  });
  socket.end(
    `${JSON.stringify({ toolName: call.tool_name, toolUseId: call.tool_use_id, input: call.tool_input })}\n`,
  );
});
