import type { KnownProviderId } from '@lifeosai/config';

/**
 * Every registered way to run an agent, as the Agent API's tests drive it against the fake
 * LLM: the agent's `adapterType` and `adapterConfig`, and the runtime's own shell tool as the
 * model calls it. A new harness or ACP preset adds its line here, and the API flow, proxy
 * and permission tests then cover it.
 */
export interface HarnessCase {
  /** Test name: the harness id, with the preset (`acp: gemini`). */
  readonly label: string;
  readonly adapterType: string;
  readonly adapterConfig: Readonly<Record<string, unknown>>;
  /** The provider the case talks to (the fake LLM's API it speaks). */
  readonly provider: KnownProviderId;
  /** The runtime's shell tool: its name as the model sees it, and its input for a command. */
  readonly shell: { readonly name: string; input(command: string): Record<string, unknown> };
  /**
   * False for a runtime that tells its client nothing of a shell command's output (Gemini CLI
   * 0.61 over ACP: its `tool_call_update` for a command carries no content), so the chat can
   * show the call but not what it printed. The model still gets the output.
   */
  readonly showsShellOutput?: false;
}

export const harnessCases: ReadonlyArray<HarnessCase> = [
  {
    label: 'claude-code',
    provider: 'anthropic',
    adapterType: 'claude-code',
    adapterConfig: { model: 'claude-sonnet-4-6' },
    shell: { name: 'Bash', input: (command) => ({ command, description: 'Run a command' }) },
  },
  {
    label: 'pi',
    provider: 'anthropic',
    adapterType: 'pi',
    adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    shell: { name: 'bash', input: (command) => ({ command }) },
  },
  {
    label: 'codex',
    provider: 'openai',
    adapterType: 'codex',
    adapterConfig: { model: 'gpt-5-mini' },
    // Codex's shell is its `exec_command` function (its events and hook call it `Bash`).
    shell: { name: 'exec_command', input: (command) => ({ cmd: command }) },
  },
  {
    label: 'acp: claude-agent-acp',
    provider: 'anthropic',
    adapterType: 'acp',
    adapterConfig: { agent: 'claude-agent-acp', model: 'claude-sonnet-4-6' },
    shell: { name: 'Bash', input: (command) => ({ command, description: 'Run a command' }) },
  },
  {
    label: 'acp: gemini',
    provider: 'google',
    adapterType: 'acp',
    adapterConfig: { agent: 'gemini', model: 'gemini-2.5-flash' },
    shell: { name: 'run_shell_command', input: (command) => ({ command }) },
    showsShellOutput: false,
  },
];

/** The case of `label`; throws for an unknown one (a typo in a test). */
export function harnessCase(label: string): HarnessCase {
  const found = harnessCases.find((candidate) => candidate.label === label);
  if (!found) throw new Error(`no harness case "${label}"`);
  return found;
}
