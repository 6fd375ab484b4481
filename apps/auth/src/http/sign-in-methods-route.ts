import type { FastifyInstance } from 'fastify';

/** A social sign-in button the page may show. */
export interface SocialSignInMethod {
  /** What `POST /api/auth/sign-in/social {provider}` takes. */
  id: 'google' | 'microsoft';
  /** The label for the button. */
  name: 'Google' | 'Microsoft';
}

/** How people can sign in to this installation, as `GET /api/auth/methods` answers it. */
export interface SignInMethods {
  /** Email and password accounts (`/api/auth/sign-up/email`, `/api/auth/sign-in/email`): always on. */
  emailAndPassword: true;
  /** Whether an email/password account must confirm its address before it can sign in. */
  requireEmailVerification: boolean;
  /**
   * Whether "forgot password" can work: the reset link reaches the person (a mail server, or
   * the local outbox). False when mail only goes to the service's log.
   */
  passwordReset: boolean;
  /** Social providers that are configured and usable now, Google first. */
  social: SocialSignInMethod[];
  /**
   * Local mode without a mail server: links are not mailed but wait in the outbox the instance
   * admin reads (the web app's admin page, `GET /api/admin/outbox`) and in the terminal.
   */
  mailOutbox: boolean;
}

const socialNames = { google: 'Google', microsoft: 'Microsoft' } as const;

/**
 * The social providers of `available` (better-auth's provider ids after start-up: a provider
 * whose discovery failed is not among them) that the page has buttons for, in a fixed order.
 * Only ids and names: client ids and secrets never leave the service.
 */
export function socialSignInMethods(available: readonly { id: string }[]): SocialSignInMethod[] {
  const ids = new Set(available.map((provider) => provider.id));
  return (['google', 'microsoft'] as const)
    .filter((id) => ids.has(id))
    .map((id) => ({ id, name: socialNames[id] }));
}

/**
 * `GET /api/auth/methods`: public (no session), so the sign-in page can show only what works
 * here. Fixed for the life of the process, so it is computed once and may be cached briefly.
 */
export function registerSignInMethodsRoute(app: FastifyInstance, methods: SignInMethods): void {
  const body = JSON.stringify(methods);
  app.get('/api/auth/methods', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=60').type('application/json; charset=utf-8').send(body),
  );
}
