import { execFile } from 'node:child_process';
import type { EnvironmentContext, EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import { codexBinaryPath } from '../shared/codex-binary.ts';
import type { CodexConfig } from '../shared/config.ts';
import { codexVersion } from './system-init.ts';

const versionTimeoutMs = 10_000;

/** The checks of `Harness.checkEnvironment`; see its contract (never rejects, spends no tokens). */
export async function checkCodexEnvironment(
  context: EnvironmentContext<CodexConfig>,
): Promise<EnvironmentDiagnostic[]> {
  return [await binaryVersion(context.signal), providerKey(context), sandboxNote(), permissionsNote()];
}

/** The binary the SDK will run, and that it is the version this harness was built on. */
async function binaryVersion(signal: AbortSignal): Promise<EnvironmentDiagnostic> {
  let binary: string;
  try {
    binary = codexBinaryPath();
  } catch (error) {
    return {
      id: 'codex-binary',
      status: 'error',
      message: error instanceof Error ? error.message : String(error),
      fix: 'Reinstall @openai/codex-sdk with its optional dependencies (npm install in the platform directory).',
    };
  }
  return new Promise((resolve) => {
    execFile(
      binary,
      ['--version'],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        timeout: versionTimeoutMs,
        signal,
        killSignal: 'SIGKILL',
      },
      (error, stdout) => {
        const version = /(\d+\.\d+\.\d+)/.exec(stdout)?.[1];
        if (error !== null || version === undefined) {
          resolve({
            id: 'codex-binary',
            status: 'error',
            message: `The Codex binary did not run${error ? `: ${error.message.split('\n')[0]}` : ''}`,
            fix: 'Reinstall @openai/codex-sdk with its optional dependencies (npm install in the platform directory).',
          });
          return;
        }
        resolve(
          version === codexVersion
            ? { id: 'codex-binary', status: 'ok', message: `Codex CLI ${version}` }
            : {
                id: 'codex-binary',
                status: 'warn',
                message: `Codex CLI ${version}; the harness was built and tested on ${codexVersion}`,
                fix: `Install @openai/codex-sdk ${codexVersion}.`,
              },
        );
      },
    );
  });
}

function providerKey(context: EnvironmentContext<CodexConfig>): EnvironmentDiagnostic {
  return context.credentials.openai?.apiKey
    ? { id: 'openai-key', status: 'ok', message: 'An API key is configured for openai' }
    : {
        id: 'openai-key',
        status: 'error',
        message: 'No API key is configured for openai (Codex speaks only the OpenAI Responses API)',
        fix: "Add an OpenAI API key in Settings → Model providers, or to the agent's secrets.",
      };
}

/** What the run sandbox changes for Codex, so nobody is surprised by it. */
function sandboxNote(): EnvironmentDiagnostic {
  return {
    id: 'codex-sandbox',
    status: 'ok',
    message:
      'Codex’s own sandbox is off inside the run sandbox (they cannot nest), which bounds every command; web search is off.',
  };
}

/** Which tools the permission policy reaches, and which it cannot: never a silent gap. */
function permissionsNote(): EnvironmentDiagnostic {
  return {
    id: 'codex-permissions',
    status: 'warn',
    message:
      'Permission rules apply to Bash (shell commands), apply_patch (file edits) and MCP tools (mcp__<server>__<tool>, platform tools included). Codex’s write_stdin, view_image and its planning, goal and sub-agent tools are not judged: a rule or a deny mode does not stop them.',
    fix: 'Rely on the run sandbox for what those tools can reach; name only the judged tools in rules.',
  };
}
