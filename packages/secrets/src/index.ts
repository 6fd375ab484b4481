export { connectionTokenAad, SecretCipher, secretAad, stateVerifierAad } from './cipher.ts';
export { createPrivateFile, fileExists, renameDurably, replacePrivateFile } from './key-files.ts';
export { type LoadMasterKeyOptions, loadMasterKey, MASTER_KEY_ENV } from './master-key.ts';
export {
  type MasterKeyRotationReport,
  NEW_MASTER_KEY_ENV,
  rotateMasterKeyFile,
  rotateMasterKeyFromEnvironment,
} from './master-key-rotation.ts';
export { MIN_REDACTED_LENGTH, REDACTED, Redactor, redactValues } from './redactor.ts';
export { type ScrubOptions, type ScrubReport, scrubFiles } from './scrub-files.ts';
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
export {
  generateVapidKeys,
  type LoadVapidKeysOptions,
  loadVapidKeys,
  VAPID_PRIVATE_KEY_ENV,
  VAPID_PUBLIC_KEY_ENV,
  type VapidKeys,
} from './vapid-keys.ts';
