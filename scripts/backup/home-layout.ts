/**
 * What of `$LIFEOSAI_HOME` a backup holds, and what it leaves out and why (docs/backup.md
 * repeats this list for operators). Everything else the platform keeps — organizations, agents,
 * runs, conversations, stored secrets (encrypted), OAuth tokens, channel state (WhatsApp's auth
 * state included), plugin archives, billing — is in the database.
 */

/** Key and secret files: without them a restored database's secrets and sessions are unreadable. */
export const keyFiles = [
  /** Encrypts every stored secret, OAuth token and channel state (`@lifeosai/secrets`). */
  'master.key',
  /** Signs the gateway's internal identity tokens (`apps/user-management`). */
  'internal-signing-key.json',
  /** Authenticates the services to one another. */
  'service-secret',
  /** better-auth's secret: signs session cookies (`apps/auth`). */
  'auth-secret',
  /** Web Push keys: browsers' push subscriptions are bound to the public key. */
  'vapid.json',
] as const;

/** The environment variables that replace a key file: a key given this way is not in the backup. */
export const keyEnvironment: Readonly<Record<string, string>> = {
  LIFEOSAI_MASTER_KEY: 'master.key',
  LIFEOSAI_INTERNAL_SIGNING_KEY: 'internal-signing-key.json',
  LIFEOSAI_SERVICE_SECRET: 'service-secret',
  BETTER_AUTH_SECRET: 'auth-secret',
  LIFEOSAI_VAPID_PRIVATE_KEY: 'vapid.json',
};

/** The operator's settings (ports, plans, OAuth providers): restored so the install behaves the same. */
export const configFile = 'config.json';

/** Agents' workspaces and their harnesses' own state (sessions a run resumes): `agents/<id>/{workspace,data}`. */
export const agentsFolder = 'agents';

/** A rotation was interrupted: the home holds two keys and only finishing the rotation settles which is right. */
export const pendingRotationFiles = ['master.key.new', 'auth-secret.new'] as const;

/** Left out on purpose, with the reason printed when the home has them. */
export const leftOut: Readonly<Record<string, string>> = {
  'lifeosai.db-wal': 'part of the live database; the snapshot includes its committed writes',
  'lifeosai.db-shm': 'part of the live database; the snapshot includes its committed writes',
  'lifeosai.db-journal': 'part of the live database',
  plugins: 'a cache of unpacked plugin bundles, rebuilt from the archives in the database',
  'master.key.old': 'the previous master key kept by a rotation; no stored secret needs it',
};
