/**
 * Security headers of every page (not of `/api/*`: those answers come from the gateway, with its
 * own). The policy is static so it needs no middleware (which would buffer request bodies):
 * Next.js inlines its bootstrap scripts and React sets inline styles, so `'unsafe-inline'` stays
 * for scripts and styles, while everything else is this origin only, nothing may frame a page
 * (`frame-ancestors 'none'`, clickjacking), plugins are off and forms post only here. `next dev`
 * also evaluates code for hot reload: `'unsafe-eval'` in development only.
 */
const development = process.env.NODE_ENV === 'development';
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The browser talks only to this origin: /api/* is streamed to user-management by the
  // route handler src/app/api/[...path]/route.ts (reads the port at request time, never buffers).
  compress: false,
  poweredByHeader: false,
  // Type-checking is done by `npm run typecheck -w @lifeosai/web` (tsc 7 has no compiler API for Next).
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
  // Workspace packages ship TypeScript source; the browser code takes the role ranking from one
  // and the channel prompt's markers (`@lifeosai/api-contract/channel-prompt`) from the other.
  transpilePackages: ['@lifeosai/identity', '@lifeosai/api-contract'],
  async headers() {
    return [
      {
        source: '/:path((?!api(?:/|$)).*)',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
      {
        // The service worker is checked for updates on every visit: never served from a cache.
        source: '/sw.js',
        headers: [{ key: 'Cache-Control', value: 'no-cache' }],
      },
    ];
  },
};

export default nextConfig;
