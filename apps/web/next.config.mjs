/** @type {import('next').NextConfig} */
const nextConfig = {
  // The browser talks only to this origin: /api/* is streamed to user-management by the
  // route handler src/app/api/[...path]/route.ts (reads the port at request time, never buffers).
  compress: false,
  poweredByHeader: false,
  // Type-checking is done by `npm run typecheck -w @lifeosai/web` (tsc 7 has no compiler API for Next).
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
};

export default nextConfig;
