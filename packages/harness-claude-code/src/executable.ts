import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * The Claude Code binary bundled with the SDK (its optional dependency
 * `@anthropic-ai/claude-agent-sdk-<os>-<arch>`), found the way the SDK finds it; undefined
 * when the optional dependency is missing (e.g. installed with `--omit=optional`). The
 * adapter passes the path explicitly so `checkEnvironment` and runs agree on the binary.
 */
export function bundledExecutablePath(): string | undefined {
  try {
    const fromSdk = createRequire(createRequire(import.meta.url).resolve('@anthropic-ai/claude-agent-sdk'));
    const base = `@anthropic-ai/claude-agent-sdk-${process.platform}-${process.arch}`;
    const extension = process.platform === 'win32' ? '.exe' : '';
    for (const name of [base, `${base}-musl`]) {
      try {
        return fromSdk.resolve(`${name}/claude${extension}`);
      } catch {
        // Try the next variant.
      }
    }
  } catch {
    // The SDK itself is missing: nothing bundled.
  }
  return undefined;
}

/** Why the binary cannot run, or undefined when it is present and executable. */
export async function executableProblem(path: string | undefined): Promise<string | undefined> {
  if (!path) return 'the Claude Code binary bundled with @anthropic-ai/claude-agent-sdk is not installed';
  try {
    await access(path, constants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `no Claude Code binary at ${path}`
      : `the Claude Code binary at ${path} is not executable (${code})`;
  }
}
