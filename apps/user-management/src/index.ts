export type { Role } from '@lifeosai/identity';
export { createGateway, type Gateway, type GatewayOptions } from './gateway.ts';
export type { Identity } from './identity/identity.ts';
export { createInternalTokens, generateSigningKey } from './tokens/internal-tokens.ts';
export {
  rotateSigningKeyFile,
  type SigningKeyRotation,
  writeNewSigningKey,
} from './tokens/rotate-signing-key.ts';
export { loadSigningKey, SIGNING_KEY_ENV } from './tokens/signing-key.ts';
