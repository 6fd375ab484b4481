/**
 * The user-management gateway: `startGatewayService(env)`. Reads the platform
 * config, opens (and migrates) the database, loads the master key and the internal signing key,
 * and serves on `ports.userManagement`. `stop()` closes it cleanly: no new requests, open
 * proxied streams ended, database closed.
 */
import { databaseFileFor, logFormatOf, resolveOAuthProviders } from '@lifeosai/config';
import { openDatabase } from '@lifeosai/db';
import { createFileStorage } from '@lifeosai/files';
import { listenOnConfiguredPort, type RunningService, type ServiceEnvironment } from '@lifeosai/http-kit';
import { createLogger } from '@lifeosai/logger';
import { loadMasterKey, Redactor, SecretCipher } from '@lifeosai/secrets';
import { createGateway } from './gateway.ts';
import { loadGatewaySettings } from './settings.ts';
import { loadSigningKey } from './tokens/signing-key.ts';

const version = '0.1.0';

export async function startGatewayService(env: ServiceEnvironment): Promise<RunningService> {
  const settings = loadGatewaySettings(env);
  const { config } = settings;
  const redactor = new Redactor();
  const logger = createLogger({
    service: 'user-management',
    level: config.logLevel,
    format: logFormatOf(config),
    redactor,
  });
  const masterKey = await loadMasterKey({ mode: config.mode, home: config.home, env });
  const signingKey = await loadSigningKey({ mode: config.mode, home: config.home, env });
  const database =
    config.mode === 'local'
      ? await openDatabase({ dialect: 'sqlite', path: databaseFileFor(config) })
      : await openDatabase({ dialect: 'postgres', url: config.databaseUrl! });
  const gateway = await createGateway({
    database,
    authUrl: settings.authUrl,
    agentApiUrl: settings.agentApiUrl,
    webOrigin: settings.webOrigins,
    signingKey,
    serviceSecret: settings.serviceSecret,
    secrets: { cipher: new SecretCipher(masterKey), redactor },
    files: {
      root: settings.filesRoot,
      storage: await createFileStorage(settings.filesBackend),
      maxUploadBytes: settings.maxUploadBytes,
      orgQuotaBytes: settings.orgQuotaBytes,
    },
    logger,
    version,
    identityCacheMs: settings.identityCacheMs,
    ...(config.mode !== 'local' && { databaseUrl: config.databaseUrl }),
    trustProxy: settings.trustProxy,
    allowImpersonation: config.allowImpersonation,
    plugins: { npmRegistry: config.npmRegistry },
    billing: {
      ...(settings.stripe && { stripe: settings.stripe }),
      plans: config.plans,
      meterEvent: config.billingMeterEvent,
    },
    oauth: { providers: resolveOAuthProviders(config.oauthProviders), env },
  });
  await listenOnConfiguredPort(gateway.app, {
    host: config.host,
    port: config.ports.userManagement,
    variable: 'LIFEOSAI_USER_MANAGEMENT_PORT',
    configKey: 'userManagement',
  }).catch(async (error: unknown) => {
    await gateway.close();
    await database.close();
    throw error;
  });
  return {
    logger,
    async stop() {
      await gateway.close();
      await database.close();
    },
  };
}
