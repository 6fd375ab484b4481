'use client';

import { useEffect } from 'react';
import { catchInstallPrompt } from './install-prompt.ts';

/**
 * Mounted once at the root: registers the service worker (`public/sw.js`: the offline page and
 * push notifications; it never caches API data or pages) and keeps the browser's install offer.
 * Renders nothing.
 */
export function PwaSetup() {
  useEffect(() => {
    const stop = catchInstallPrompt();
    // Service workers exist only in secure contexts (HTTPS, or localhost).
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
        console.warn('The service worker could not be registered; the app works, but not offline.', error);
      });
    }
    return stop;
  }, []);
  return null;
}
