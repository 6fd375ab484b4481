export { type AuthService, type AuthServiceOptions, createAuthService } from './auth-service.ts';
export type { LifeosAuth } from './create-auth.ts';
export { openAuthDatabase } from './database/auth-database.ts';
export type { Identity, IdentityCredentials } from './identity/resolve-identity.ts';
export type { Mailer, MailKind, MailMessage } from './mail/mailer.ts';
export { createSmtpMailer, type SmtpMailerOptions } from './mail/smtp-mailer.ts';
export type {
  GoogleProviderOptions,
  MicrosoftProviderOptions,
  SocialProvidersOptions,
} from './oauth/social-providers.ts';
export {
  type AuthSecretRetirement,
  newAuthSecret,
  retireAuthSecretData,
  rotateAuthSecretFile,
} from './rotation/rotate-auth-secret.ts';
