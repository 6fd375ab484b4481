export { SecretCipher, secretAad } from './cipher.ts';
export { type LoadMasterKeyOptions, loadMasterKey, MASTER_KEY_ENV } from './master-key.ts';
export { MIN_REDACTED_LENGTH, REDACTED, Redactor } from './redactor.ts';
export { readOrCreateSecret } from './secret-file.ts';
export {
  parseSecretRef,
  type ResolveSecretRefOptions,
  resolveSecretRef,
  type SecretRef,
} from './secret-ref.ts';
export {
  createSecretStore,
  type SecretStore,
  type SecretStoreOptions,
  type SecretSummary,
} from './secret-store.ts';
export {
  type LoadServiceSecretOptions,
  loadServiceSecret,
  SERVICE_SECRET_ENV,
  type ServiceReceiver,
  serviceToken,
} from './service-secret.ts';
