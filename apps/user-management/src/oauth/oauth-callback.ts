import { isPlatformError } from '@lifeosai/errors';
import type { OAuthConnections } from '@lifeosai/oauth-connections';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { credentialsOf } from '../identity/authenticate.ts';
import type { CachedIdentityResolver } from '../identity/identity-cache.ts';
import { callbackUrl } from './callback-url.ts';

const callbackQuery = z.object({
  state: z.string().min(1).max(200).optional(),
  code: z.string().min(1).max(4000).optional(),
  error: z.string().max(200).optional(),
});

export interface OAuthCallbackDeps {
  oauth: OAuthConnections;
  identities: CachedIdentityResolver;
  publicOrigin: string;
}

/**
 * `GET /api/oauth/:provider/callback`, public: the provider sends the browser here. The `state`
 * decides everything (with the session, when the browser sent one, naming the same person who
 * started); a good one lands the person back where they started with `?connected=<id>` or
 * `?error=<CODE>` (consent refused, token exchange failed). A state not good (forged, reused,
 * expired, another person's) stores nothing and lands on Settings → Connections with
 * `?error=OAUTH_STATE_INVALID`: its `returnTo` cannot be trusted. Always a 302 to this origin, so
 * the web app says what happened in words.
 */
export function registerOAuthCallback(scope: FastifyInstance, deps: OAuthCallbackDeps): void {
  scope.get('/api/oauth/:provider/callback', async (request, reply) => {
    const provider = String((request.params as { provider: string }).provider).slice(0, 100);
    const query = callbackQuery.safeParse(request.query);
    if (!query.success || !query.data.state)
      return reply.redirect(landing(deps, null, 'OAUTH_STATE_INVALID'), 302);
    const { state, code, error } = query.data;
    let userId: string | undefined;
    if (request.headers.cookie) {
      const lookup = await deps.identities.resolve(credentialsOf(request), String(request.id));
      if (lookup.status === 'ok') userId = lookup.identity.userId;
    }
    try {
      const outcome = await deps.oauth.completeAuthorization({
        providerId: provider,
        state,
        ...(code && { code }),
        ...(error !== undefined && { error }),
        redirectUri: callbackUrl(deps.publicOrigin, provider),
        ...(userId && { userId }),
      });
      request.log.info(
        { provider, outcome: outcome.ok ? 'connected' : outcome.error.code },
        'oauth connection callback',
      );
      return reply.redirect(
        outcome.ok
          ? landing(deps, outcome.returnTo, undefined, outcome.connectionId)
          : landing(deps, outcome.returnTo, outcome.error.code),
        302,
      );
    } catch (failure) {
      if (
        isPlatformError(failure, 'OAUTH_STATE_INVALID') ||
        isPlatformError(failure, 'OAUTH_PROVIDER_UNKNOWN')
      ) {
        request.log.info({ provider, outcome: failure.code }, 'oauth connection callback refused');
        return reply.redirect(landing(deps, null, failure.code), 302);
      }
      throw failure;
    }
  });
}

/** Where the browser goes after the callback: a same-origin path (checked when the connection started). */
function landing(
  deps: Pick<OAuthCallbackDeps, 'publicOrigin'>,
  returnTo: string | null,
  errorCode?: string,
  connectionId?: string,
): string {
  const url = new URL(returnTo ?? '/settings/connections', deps.publicOrigin);
  if (url.origin !== new URL(deps.publicOrigin).origin) return landing(deps, null, errorCode, connectionId);
  if (connectionId) url.searchParams.set('connected', connectionId);
  if (errorCode) url.searchParams.set('error', errorCode);
  return url.toString();
}
