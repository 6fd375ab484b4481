import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A JSON call from the page, with its session cookie (the same origin the app uses). */
export async function inPage<T>(
  page: Page,
  path: string,
  method = 'GET',
  body?: unknown,
): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ path, method, body }) => {
      const response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    { path, method, body },
  );
}

/** Opens a collapsed `<details>` section of a form by the text of its summary. */
export async function openSection(page: Page, title: string): Promise<void> {
  const details = page.locator('details', { has: page.locator('summary', { hasText: title }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

/** The error message an input is described by (`aria-describedby`), as a user reads it next to it. */
export async function errorOf(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = (await input.getAttribute('aria-describedby'))!.split(' ');
  return (await page.locator(`[id="${ids[0]}"]`).textContent()) ?? '';
}

/** What the page's own alerts say (Next's route announcer is an alert too, an empty one). */
export const alerts = (page: Page): Promise<string> =>
  page
    .locator('main [role="alert"]')
    .allInnerTexts()
    .then((texts) => texts.join('\n'));
