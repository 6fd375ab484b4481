'use client';

import { useSyncExternalStore } from 'react';

/** Chromium's `beforeinstallprompt` event (not in the DOM types). */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/**
 * The browser's offer to install the app. It fires once, early, on whatever page is open, so it
 * is caught at the root (`PwaSetup`) and kept here until a page shows an "Install app" button.
 */
let offered: InstallPromptEvent | undefined;
const listeners = new Set<() => void>();

function set(next: InstallPromptEvent | undefined): void {
  offered = next;
  for (const listener of listeners) listener();
}

/** Starts listening for the offer (and for the install that ends it); returns the stop function. */
export function catchInstallPrompt(): () => void {
  const onOffer = (event: Event) => {
    // Keep the offer for our own button instead of the browser's mini-infobar.
    event.preventDefault();
    set(event as InstallPromptEvent);
  };
  const onInstalled = () => set(undefined);
  window.addEventListener('beforeinstallprompt', onOffer);
  window.addEventListener('appinstalled', onInstalled);
  return () => {
    window.removeEventListener('beforeinstallprompt', onOffer);
    window.removeEventListener('appinstalled', onInstalled);
  };
}

/** The pending offer, or undefined when the browser makes none (installed, unsupported, not HTTPS). */
export function useInstallPrompt(): InstallPromptEvent | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => offered,
    () => undefined,
  );
}

/** Shows the browser's install dialog; the offer is used up either way. */
export async function installApp(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
  const offer = offered;
  if (!offer) return 'unavailable';
  set(undefined);
  await offer.prompt();
  return (await offer.userChoice).outcome;
}
