import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DatabaseTarget,
  type DialectName,
  listOutboxMail,
  type OutboxMail,
  openDatabase,
} from '@lifeosai/db';
import { SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import { createLogger } from '@lifeosai/logger';
import { serviceToken } from '@lifeosai/secrets';
import { freePort } from '@lifeosai/testkit/ports';
import { createTestDatabase } from '@lifeosai/testkit/postgres';
import { inject } from 'vitest';
import { type AuthService, type AuthServiceOptions, createAuthService } from '../auth-service.ts';
import type { MailKind, MailMessage } from '../mail/mailer.ts';
import { AuthClient, type AuthClientOptions } from './auth-client.ts';

/** A real auth service on a fresh database, listening on 127.0.0.1, with its mail captured. */
export interface TestAuthService {
  service: AuthService;
  baseUrl: string;
  /** Where its database is (kept across `restart`). */
  database: DatabaseTarget;
  /** Every message the service sent, oldest first. */
  mail: MailMessage[];
  lastMail(to: string, kind?: MailKind): MailMessage | undefined;
  client(options?: AuthClientOptions): AuthClient;
  /** The token the gateway sends (`x-lifeosai-service-token`) to this service. */
  serviceToken: string;
  /** `GET /internal/identity` with these headers and the service token, as the gateway calls it. */
  // biome-ignore lint/suspicious/noExplicitAny: test convenience, bodies are asserted field by field
  identity(headers: Record<string, string>): Promise<{ status: number; json: any }>;
  /** What the mail outbox table holds (local mode without a mailer), newest first. */
  outbox(): Promise<OutboxMail[]>;
  /** Stops the server and deletes the database. */
  stop(): Promise<void>;
  /**
   * Stops the server (keeping the database), runs `between` (e.g. a maintenance command on the
   * stopped install), then starts a new service on the same database with the options
   * `overrides` returns at that moment. It listens on a new port: keep-alive connections to the
   * old one must not be reused, so make new clients.
   */
  restart(steps: {
    between?: (database: DatabaseTarget) => Promise<void>;
    overrides?: () => Partial<AuthServiceOptions>;
  }): Promise<TestAuthService>;
}

export const testSecret = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
/** The platform service secret the test services share. */
export const testServiceSecret = 'test-service-secret-0123456789-abcdefghijklmnop';

/** A generous sign-in/sign-up limit for tests that are not about rate limits. */
export const relaxedRateLimit = { window: 60, max: 1000 };

export async function startTestAuthService(
  dialect: DialectName,
  overrides: Partial<AuthServiceOptions> = {},
): Promise<TestAuthService> {
  const { target, drop } = await freshDatabase(dialect);
  return startOn(target, drop, await freePort(), overrides);
}

async function startOn(
  target: DatabaseTarget,
  drop: () => Promise<void>,
  port: number,
  overrides: Partial<AuthServiceOptions>,
): Promise<TestAuthService> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const mail: MailMessage[] = [];
  const token = serviceToken(overrides.serviceSecret ?? testServiceSecret, 'auth');
  let service: AuthService;
  try {
    service = await createAuthService({
      database: target,
      baseUrl,
      secret: testSecret,
      serviceSecret: testServiceSecret,
      mailer: { send: async (message) => void mail.push(message) },
      logger: createLogger({
        service: 'auth',
        level: process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent',
      }),
      rateLimit: relaxedRateLimit,
      ...overrides,
    });
    await service.app.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    service,
    baseUrl,
    database: target,
    mail,
    lastMail: (to, kind) => mail.findLast((message) => message.to === to && (!kind || message.kind === kind)),
    client: (options) => new AuthClient(baseUrl, options),
    serviceToken: token,
    async identity(headers) {
      const response = await fetch(`${baseUrl}/internal/identity`, {
        headers: { ...headers, [SERVICE_TOKEN_HEADER]: token },
      });
      return { status: response.status, json: await response.json() };
    },
    async outbox() {
      const handle = await openDatabase(target);
      try {
        return await listOutboxMail(handle.db);
      } finally {
        await handle.close();
      }
    },
    async stop() {
      await service.close();
      await drop();
    },
    async restart(steps) {
      await service.close();
      await steps.between?.(target);
      return startOn(target, drop, await freePort(), steps.overrides?.() ?? {});
    },
  };
}

async function freshDatabase(
  dialect: DialectName,
): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const directory = await mkdtemp(join(tmpdir(), 'lifeosai-auth-'));
    return {
      target: { dialect, path: join(directory, 'auth.db') },
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  const database = await createTestDatabase(inject('postgresAdminUrl'));
  return { target: { dialect, url: database.url }, drop: () => database.drop() };
}
