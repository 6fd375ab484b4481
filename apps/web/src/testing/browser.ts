import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { repoRoot, webRoot } from './platform.ts';

/** Where screenshots of every browser test go (a CI artifact). */
export const artifacts = join(repoRoot, 'test-artifacts/web');
const chromiumPath = process.env.LIFEOSAI_CHROMIUM ?? '/usr/bin/chromium';
const lockDir = join(webRoot, '.next-build.lock');

/** Newest modification time of the app's sources (tests and test helpers excluded). */
function newestSource(): number {
  let newest = Math.max(
    statSync(join(webRoot, 'next.config.mjs')).mtimeMs,
    statSync(join(webRoot, 'package.json')).mtimeMs,
  );
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing') walk(path);
      } else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(webRoot, 'src'));
  return newest;
}

function buildIsFresh(): boolean {
  const buildId = join(webRoot, '.next/BUILD_ID');
  return existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource();
}

function lockHolderAlive(): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the build lock (a directory, atomic on every file system), breaking a dead holder's. */
async function takeBuildLock(): Promise<() => void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A holder that died (or has not written its pid for a while) leaves a stale lock.
    const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (!lockHolderAlive() && age > 2_000) rmSync(lockDir, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`waited 10 min for the web build lock ${lockDir}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Builds the web app when there is no build or a source changed since the last one. Several
 * browser test files may call this at once (Vitest runs files in parallel): one builds, the
 * others wait for it and find the build fresh.
 */
export async function buildWebIfNeeded(): Promise<void> {
  if (buildIsFresh()) return;
  const release = await takeBuildLock();
  try {
    if (buildIsFresh()) return;
    const started = Date.now();
    const child = spawn(process.execPath, [join(repoRoot, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: webRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output}`);
    console.log(`web app built in ${Date.now() - started} ms`);
  } finally {
    release();
  }
}

/**
 * Debian's Chromium, headless; never a downloaded browser. `extraArgs` add switches (the call
 * test's fake microphone: `--use-file-for-fake-audio-capture=<wav>`).
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it with \`apt-get install -y chromium\` ` +
        '(or set LIFEOSAI_CHROMIUM). The browser end-to-end tests need a real browser.',
    );
  }
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * Collects into `errors` what a page must never show: uncaught errors, and the console's
 * Content-Security-Policy violations (the policy must let every page work as built).
 */
export function watchPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) errors.push(`CSP: ${message.text()}`);
  });
}

/** A full-page screenshot named `<prefix>-<name>.png` in the artifacts folder. */
export async function shot(page: Page, prefix: string, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${prefix}-${name}.png`), fullPage: true });
}

/** Signs up through the UI and leaves the page on onboarding. */
export async function signUp(page: Page, baseUrl: string, email: string, name = 'Ada Tester'): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(/\/onboarding$/);
}
