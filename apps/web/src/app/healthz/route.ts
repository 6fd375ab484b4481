export const dynamic = 'force-dynamic';

const version = process.env.npm_package_version ?? '0.1.0';

export function GET(): Response {
  return Response.json({ status: 'ok', service: 'web', version });
}
