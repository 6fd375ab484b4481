/**
 * Browser end to end for the Plugins page (issue 16): from Settings to Plugins; the test kit's
 * Claude Code plugin uploaded as a .tgz → its skill, MCP server and command listed; a hostile
 * archive refused in the API's words; an agent enabling it shown under "Used by"; uninstall
 * behind a confirmation, which removes it from the agent. Then the page at 375 px, nothing wider
 * than the screen. Installing from npm is the gateway's test (plugin-routes.test.ts), against
 * the fake registry. Screenshots go to test-artifacts/web/ (`plugins-*`).
 */
import { claudePluginHelloFolder, packFolder, tarGz } from '@lifeosai/testkit/plugin-archives';
import { describe, expect, it } from 'vitest';
import { shot, signUp } from './testing/browser.ts';
import { browserSuite, desktop } from './testing/browser-suite.ts';
import { alerts, inPage, openSection } from './testing/form-page.ts';

const suite = browserSuite();

describe('plugins in a real browser', () => {
  it('upload a Claude Code plugin → its parts → an agent uses it → uninstall with a confirm; 375 px wide', async () => {
    const base = suite.platform.webUrl;
    const { page, errors } = await suite.newPage(desktop);
    await signUp(page, base, 'ada.plugins@example.com', 'Ada Tester');

    await page.goto(`${base}/settings`);
    await page
      .getByRole('navigation', { name: 'More settings' })
      .getByRole('link', { name: 'Plugins' })
      .click();
    await page.waitForURL(/\/settings\/plugins$/);
    await page.getByText('No plugins installed yet.').waitFor();

    // A symlink in the archive is refused, in the API's words.
    const upload = page.getByRole('form', { name: 'Upload a plugin' });
    const hostile = tarGz([
      { path: 'package/.claude-plugin/plugin.json', data: '{"name":"evil","version":"1.0.0"}' },
      { path: 'package/passwd', type: 'SymbolicLink', linkpath: '/etc/passwd' },
    ]);
    await upload
      .getByLabel(/Plugin archive/)
      .setInputFiles({ name: 'evil.tgz', mimeType: 'application/gzip', buffer: Buffer.from(hostile) });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => alerts(page)).toMatch(/SymbolicLink; only files and folders are allowed/);

    const archive = packFolder(claudePluginHelloFolder, 'tgz');
    await upload
      .getByLabel(/Plugin archive/)
      .setInputFiles({ name: 'hello.tgz', mimeType: 'application/gzip', buffer: Buffer.from(archive) });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').getByText('Installed hello-plugin 1.0.0.').waitFor();
    const card = page.getByRole('article', { name: 'hello-plugin 1.0.0' });
    await expect.poll(() => card.textContent()).toMatch(/Claude Code plugin · uploaded/);
    const text = (await card.textContent()) ?? '';
    expect(text).toMatch(/Skills\s*hello-greeting/);
    expect(text).toMatch(/MCP servers\s*hello/);
    expect(text).toMatch(/Commands\s*\/wave/);
    expect(text).toMatch(/Used by\s*No agent yet/);

    const plugins = await inPage<{ items: Array<{ id: string }> }>(page, '/api/plugins');
    const pluginId = plugins.json.items[0]!.id;
    const agent = await inPage<{ id: string }>(page, '/api/agent/agents', 'POST', {
      name: 'Greeter',
      adapterType: 'pi',
      plugins: [pluginId],
    });
    expect(agent.status).toBe(201);
    await page.reload();
    await expect.poll(() => card.textContent()).toMatch(/Used by\s*Greeter/);
    await shot(page, 'plugins', '01-installed-desktop');

    await page.setViewportSize({ width: 375, height: 812 });
    await expect
      .poll(() => page.evaluate<number>('document.documentElement.scrollWidth'))
      .toBeLessThanOrEqual(375);
    await shot(page, 'plugins', '02-installed-375');
    await page.setViewportSize(desktop);

    // The agent editor's picker: the plugin with what it brings, switched off and on again.
    await page.goto(`${base}/agents/${agent.json.id}/edit`);
    await openSection(page, 'Plugins');
    const picked = page.getByRole('checkbox', { name: /hello-plugin/ });
    await expect.poll(() => picked.isChecked()).toBe(true);
    const section = page.locator('details', { has: page.locator('summary', { hasText: 'Plugins' }) });
    expect(await section.textContent()).toMatch(
      /skills hello-greeting · commands \/wave · MCP servers hello/,
    );
    const saveWith = async (checked: boolean) => {
      await picked.setChecked(checked);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').getByText('Changes saved.').waitFor();
      return (await inPage<{ plugins: string[] }>(page, `/api/agent/agents/${agent.json.id}`)).json.plugins;
    };
    expect(await saveWith(false)).toEqual([]);
    expect(await saveWith(true)).toEqual([pluginId]);
    await shot(page, 'plugins', '03-agent-editor-picker');
    await page.setViewportSize({ width: 375, height: 812 });
    await shot(page, 'plugins', '04-agent-editor-picker-375');
    await page.setViewportSize(desktop);
    await page.goto(`${base}/settings/plugins`);

    await card.getByRole('button', { name: 'Uninstall' }).click();
    const dialog = page.getByRole('dialog', { name: 'Uninstall hello-plugin 1.0.0?' });
    await expect.poll(() => dialog.textContent()).toMatch(/removed from 1 agent \(Greeter\)/);
    await dialog.getByRole('button', { name: 'Uninstall' }).click();
    await page.getByText('No plugins installed yet.').waitFor();
    const after = await inPage<{ plugins: string[] }>(page, `/api/agent/agents/${agent.json.id}`);
    expect(after.json.plugins).toEqual([]);
    expect(errors).toEqual([]);
  });
});
