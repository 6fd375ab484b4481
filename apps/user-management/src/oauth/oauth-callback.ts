import { isPlatformError, PlatformError } from '@lifeosai/errors';
import type { OAuthConnections } from '@lifeosai/oauth-connections';
import type { FastifyInstance, FastifyReply } from 'fastify';
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
 * `?error=<CODE>` (consent refused, token exchange failed). A state not good is a page saying so
 * (`400 OAUTH_STATE_INVALID`): there is nowhere trustworthy to send the person, and nothing is stored.
 */
export function registerOAuthCallback(scope: FastifyInstance, deps: OAuthCallbackDeps): void {
  scope.get('/api/oauth/:provider/callback', async (request, reply) => {
    const provider = String((request.params as { provider: string }).provider).slice(0, 100);
    const query = callbackQuery.safeParse(request.query);
    if (!query.success || !query.data.state) return failurePage(reply, new PlatformError('OAUTH_STATE_INVALID'));
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
      const landing = new URL(outcome.returnTo ?? '/settings/connections', deps.publicOrigin);
      if (outcome.ok) landing.searchParams.set('connected', outcome.connectionId);
      else landing.searchParams.set('error', outcome.error.code);
      request.log.info(
        { provider, outcome: outcome.ok ? 'connected' : outcome.error.code },
        'oauth connection callback',
      );
      return reply.redirect(landing.toString(), 302);
    } catch (failure) {
      if (isPlatformError(failure, 'OAUTH_STATE_INVALID') || isPlatformError(failure, 'OAUTH_PROVIDER_UNKNOWN')) {
        return failurePage(reply, failure as PlatformError);
      }
      throw failure;
    }
  });
}

/** A short page a person can read (the browser is here, not a client): the error's code and what to do. */
function failurePage(reply: FastifyReply, error: PlatformError): FastifyReply {
  const text = (value: string) =>
    value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  return reply
    .status(error.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    .header('cache-control', 'no-store')
    .send(
      '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
        '<title>The connection was not made</title><h1>The connection was not made</h1>' +
        `<p>${text(error.message)}</p><p><code>${error.code}</code></p>` +
        '<p><a href="/settings/connections">Back to Settings → Connections</a></p></html>',
    );
}
