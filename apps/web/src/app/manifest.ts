import type { MetadataRoute } from 'next';

/**
 * The web app manifest (`/manifest.webmanifest`): what makes LIFEOSAI installable — a window of
 * its own (`standalone`), its icons, and where it opens. Browsers offer to install only over
 * HTTPS (or on localhost) and with the service worker (`public/sw.js`) in control.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'LIFEOSAI',
    short_name: 'LIFEOSAI',
    description: 'Run AI agents in the harness of your choice, and hear from them.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#fafafa',
    theme_color: '#3346d3',
    icons: [
      { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
