'use client';

import { useEffect, useState } from 'react';
import { installApp, useInstallPrompt } from './install-prompt.ts';

/**
 * "Install app" when the browser offers it, and otherwise what it takes: an installed app has
 * its own window and icon, and on a phone it is how notifications arrive (iOS delivers push only
 * to an app added to the Home Screen). Browsers install only from HTTPS (or localhost).
 */
export function InstallApp() {
  const offer = useInstallPrompt();
  const [installed, setInstalled] = useState(false);
  useEffect(() => {
    setInstalled(window.matchMedia('(display-mode: standalone)').matches);
  }, []);

  if (installed) return <p className="muted small">This app is installed on this device.</p>;
  return (
    <div className="stack">
      {offer ? (
        <div className="row">
          <button type="button" onClick={() => void installApp()}>
            Install app
          </button>
          <span className="muted small">Its own window and icon, and notifications like any app.</span>
        </div>
      ) : null}
      <p className="muted small" data-testid="install-help">
        To install LIFEOSAI on a phone, open it from the instance&apos;s public HTTPS address (for example
        https://lifeos.example.com) — phones refuse to install or notify from plain http addresses; on a
        computer, http://localhost works. Then use your browser&apos;s “Install app” or, on an iPhone or iPad,
        Share → “Add to Home Screen”.
      </p>
    </div>
  );
}
