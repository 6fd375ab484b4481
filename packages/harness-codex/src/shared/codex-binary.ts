import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Codex's native packages by Node platform and architecture (the SDK's own table). */
const targets: Readonly<Record<string, { readonly triple: string; readonly pkg: string }>> = {
  'linux-x64': { triple: 'x86_64-unknown-linux-musl', pkg: '@openai/codex-linux-x64' },
  'linux-arm64': { triple: 'aarch64-unknown-linux-musl', pkg: '@openai/codex-linux-arm64' },
  'darwin-x64': { triple: 'x86_64-apple-darwin', pkg: '@openai/codex-darwin-x64' },
  'darwin-arm64': { triple: 'aarch64-apple-darwin', pkg: '@openai/codex-darwin-arm64' },
};

/**
 * Where the `codex` binary of the installed `@openai/codex` is: its platform package, an
 * optional dependency that ships the native binary (nothing is downloaded). Resolved the way
 * the SDK resolves it, because the runner hands it to the SDK explicitly (through the
 * wrapper that trusts our own hooks). Throws with a message for people when it is missing.
 */
export function codexBinaryPath(): string {
  const target = targets[`${process.platform}-${process.arch}`];
  if (target === undefined) {
    throw new Error(`Codex has no binary for ${process.platform} ${process.arch}.`);
  }
  let vendorRoot: string;
  try {
    const sdkRequire = createRequire(import.meta.resolve('@openai/codex-sdk'));
    const codexRequire = createRequire(sdkRequire.resolve('@openai/codex/package.json'));
    vendorRoot = join(dirname(codexRequire.resolve(`${target.pkg}/package.json`)), 'vendor');
  } catch {
    throw new Error(`${target.pkg} is not installed (an optional dependency of @openai/codex).`);
  }
  const binary = join(vendorRoot, target.triple, 'bin', 'codex');
  if (!existsSync(binary)) throw new Error(`The Codex binary is missing at ${binary}.`);
  return binary;
}
