import { apiKey } from '@better-auth/api-key';
import type { BetterAuthOptions, BetterAuthRateLimitStorage } from '@better-auth/core';
import { CLIENT_IP_HEADER } from '@lifeosai/http-kit';
import { passwordPolicy } from '@lifeosai/identity/password-policy';
import type { Logger } from '@lifeosai/logger';
import { betterAuth } from 'better-auth';
import { admin, jwt, organization } from 'better-auth/plugins';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { apiKeyOrganizationBinding } from './api-keys/organization-binding.ts';
import type { AuthDatabase } from './database/auth-database.ts';
import {
  type ImpersonationPolicyOptions,
  impersonationPolicy,
} from './impersonation/impersonation-policy.ts';
import type { Mailer } from './mail/mailer.ts';
import { type SocialProvidersOptions, socialSignIn } from './oauth/social-providers.ts';
import { passwordPolicyPlugin } from './password-policy/password-policy-plugin.ts';
import { keepPersonalOrganization } from './provisioning/personal-organization.ts';
import { provisioning } from './provisioning/provisioning-plugin.ts';
import { type AccountRateLimitRules, accountRateLimit } from './rate-limit/account-rate-limit.ts';
import { createMemoryRateLimitStorage } from './rate-limit/memory-rate-limit-storage.ts';
import { inputChecks } from './validation/input-checks-plugin.ts';

/** What the better-auth instance is built from; see `AuthServiceOptions` for each field. */
export interface CreateAuthOptions {
  database: AuthDatabase;
  baseUrl: string;
  secret: string;
  trustedOrigins: string[];
  requireEmailVerification: boolean;
  mailer: Mailer;
  socialProviders: SocialProvidersOptions;
  signInRateLimit?: { window: number; max: number };
  accountRateLimit?: AccountRateLimitRules;
  /** Whether the instance admin may impersonate, and where each use is recorded. */
  impersonation: ImpersonationPolicyOptions;
  logger: Logger;
}

/** Path prefix of every better-auth route. */
const authBasePath = '/api/auth';

/**
 * better-auth's configuration: email and password (verification, reset), organizations
 * (owner/admin/member, invitations), API keys bound to an organization, the instance admin
 * (impersonation only when the operator allows it, and then audited),
 * JWT + JWKS for other services, Google/Microsoft, rate limits per address and per account, and our provisioning
 * (first admin, personal organization). Kept apart from the instance so the migrations can
 * run from it before the instance exists (its schema check then finds the tables in place).
 */
export function buildAuthOptions(options: CreateAuthOptions) {
  const { mailer, baseUrl } = options;
  const social = socialSignIn(options.socialProviders);
  const signInRule = options.signInRateLimit;
  const rateLimitStorage: BetterAuthRateLimitStorage | undefined =
    options.database.type === 'sqlite' ? createMemoryRateLimitStorage() : undefined;

  return {
    appName: 'LIFEOSAI',
    baseURL: baseUrl,
    basePath: authBasePath,
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
    database: { db: options.database.db, type: options.database.type },
    telemetry: { enabled: false },
    logger: betterAuthLogger(options.logger),
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: options.requireEmailVerification,
      // Our plugin words the refusal; better-auth's own limits stay as a second line.
      minPasswordLength: passwordPolicy.minLength,
      maxPasswordLength: passwordPolicy.maxLength,
      revokeSessionsOnPasswordReset: true,
      async sendResetPassword({ user, url }) {
        await mailer.send({
          kind: 'password-reset',
          to: user.email,
          subject: 'Reset your LIFEOSAI password',
          text: `Someone asked to reset the password of your LIFEOSAI account.\n\nSet a new one here (the link works once, for one hour):\n${url}\n\nIf it was not you, ignore this message.`,
          url,
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: options.requireEmailVerification,
      autoSignInAfterVerification: true,
      async sendVerificationEmail({ user, url }) {
        await mailer.send({
          kind: 'email-verification',
          to: user.email,
          subject: 'Confirm your email for LIFEOSAI',
          text: `Welcome to LIFEOSAI.\n\nConfirm your email address here:\n${url}\n`,
          url,
        });
      },
    },
    socialProviders: social.builtIn,
    rateLimit: {
      enabled: true,
      ...(rateLimitStorage ? { customStorage: rateLimitStorage } : { storage: 'database' as const }),
      ...(signInRule && { customRules: { '/sign-in/*': signInRule, '/sign-up/*': signInRule } }),
    },
    advanced: {
      cookiePrefix: 'lifeosai',
      // better-auth turns the origin check off when NODE_ENV=test; tests must see production behaviour.
      disableOriginCheck: false,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    plugins: [
      inputChecks(),
      passwordPolicyPlugin(),
      provisioning(),
      accountRateLimit(options.accountRateLimit),
      admin({
        defaultRole: 'user',
        adminRoles: ['admin'],
        bannedUserMessage:
          'This account is disabled. Ask the administrator of this LIFEOSAI instance to enable it.',
      }),
      impersonationPolicy(options.impersonation),
      organization({
        creatorRole: 'owner',
        organizationHooks: { beforeDeleteOrganization: keepPersonalOrganization },
        requireEmailVerificationOnInvitation: options.requireEmailVerification,
        async sendInvitationEmail({ id, email, organization: invitedTo, inviter, role }) {
          const url = `${baseUrl}/accept-invitation?id=${encodeURIComponent(id)}`;
          await mailer.send({
            kind: 'organization-invitation',
            to: email,
            subject: `${inviter.user.name} invited you to ${invitedTo.name} on LIFEOSAI`,
            text: `${inviter.user.name} (${inviter.user.email}) invited you to join ${invitedTo.name} as ${role}.\n\nAccept here:\n${url}\n`,
            url,
          });
        },
      }),
      apiKey({ enableMetadata: true, defaultPrefix: 'lfo_', rateLimit: { enabled: false } }),
      apiKeyOrganizationBinding(),
      jwt({ disableSettingJwtHeader: true }),
      ...(social.generic.length > 0 ? [genericOAuth({ config: social.generic })] : []),
    ],
  } satisfies BetterAuthOptions;
}

export type AuthOptions = ReturnType<typeof buildAuthOptions>;

export function createAuth(options: AuthOptions) {
  return betterAuth(options);
}

/** The better-auth instance this service runs (`auth.api.*`, `auth.handler`). */
export type LifeosAuth = ReturnType<typeof createAuth>;

/** better-auth's log lines go to our pino logger; its own `info` chatter only at debug. */
function betterAuthLogger(logger: Logger) {
  return {
    level: logger.isLevelEnabled('debug') ? ('debug' as const) : ('warn' as const),
    log(level: 'debug' | 'info' | 'warn' | 'error', message: string, ...args: unknown[]) {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      const fields = { component: 'better-auth', ...(error && { err: error }) };
      logger[level](fields, message);
    },
  };
}
