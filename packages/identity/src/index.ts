export { type AuthTables, apiKeyOrganization, authBoolean, authDate } from './auth-tables.ts';
export type { CallerIdentity } from './caller.ts';
export {
  type InternalTokenSubject,
  internalTokenAudience,
  internalTokenClaims,
  internalTokenIssuer,
  internalTokenLifetimeSeconds,
  internalTokenMaxAge,
  parseInternalTokenClaims,
} from './internal-token.ts';
export { passwordPolicy, passwordRule } from './password-policy.ts';
export { hasRole, isInstanceAdminRole, type Role, roles, strongestRole } from './roles.ts';
