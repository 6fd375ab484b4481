'use client';

import type { PluginView } from '@lifeosai/api-contract';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';

/** The two ways in: a .tgz/.zip from this computer, or name@version from the npm registry. */
export function InstallPlugin({ onInstalled }: { onInstalled: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [installed, setInstalled] = useState<string | null>(null);

  async function install(event: FormEvent<HTMLFormElement>, body: () => FormData | { npm: string }) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError(null);
    setInstalled(null);
    try {
      const plugin = await api<PluginView>('/api/plugins', { method: 'POST', body: body() });
      setInstalled(`Installed ${plugin.name} ${plugin.version}.`);
      form.reset();
      onInstalled();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <form
        aria-label="Upload a plugin"
        className="row wrap"
        onSubmit={(event) => install(event, () => new FormData(event.currentTarget))}
      >
        <label className="grow">
          Plugin archive (.tgz or .zip)
          <input
            name="file"
            type="file"
            accept=".tgz,.tar.gz,.zip,application/gzip,application/zip"
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          Upload
        </button>
      </form>
      <form
        aria-label="Install from npm"
        className="row wrap"
        onSubmit={(event) =>
          install(event, () => ({ npm: String(new FormData(event.currentTarget).get('npm')).trim() }))
        }
      >
        <label className="grow">
          npm package
          <input name="npm" required placeholder="name@1.2.0" pattern=".+@[0-9]+\.[0-9]+\.[0-9]+.*" />
        </label>
        <button type="submit" disabled={busy} className="secondary">
          Install from npm
        </button>
      </form>
      <p className="muted small">
        An exact version; the download is checked against the registry&apos;s checksum.
      </p>
      {installed ? (
        <p className="status-line" role="status">
          {installed}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
