import { defineErrorCodes } from '../define-error-codes.ts';

/**
 * Failures that stop a service or script before it serves anything: a bad setting, a missing
 * or unsafe key, a busy port. Status 500: should one reach a client, it is the server's fault.
 */
export const startupErrorCodes = defineErrorCodes({
  CONFIG_INVALID: {
    status: 500,
    message: 'A setting is invalid; fix the key the message names (environment or config.json).',
  },
  PORT_IN_USE: { status: 500, message: 'The port is in use; stop what uses it or configure another port.' },
  MASTER_KEY_MISSING: {
    status: 500,
    message: 'No master key is configured; set LIFEOSAI_MASTER_KEY or let local mode create its key file.',
  },
  MASTER_KEY_INVALID: {
    status: 500,
    message: 'The master key is not a valid key; it must be 32 random bytes, base64-encoded.',
  },
  MASTER_KEY_INSECURE: {
    status: 500,
    message: 'The master key file is readable by others; make it readable by its owner only (chmod 600).',
  },
  MASTER_KEY_AMBIGUOUS: { status: 500, message: 'More than one master key is configured; keep one source.' },
  MASTER_KEY_UNCHANGED: {
    status: 500,
    message: 'The new master key is the current one; generate a new key to rotate.',
  },
  MASTER_KEY_ROTATION_INCOMPLETE: {
    status: 500,
    message: 'A master key rotation did not finish; run npm run rotate:master-key again.',
  },
  SIGNING_KEY_MISSING: {
    status: 500,
    message: 'No internal signing key is configured; set LIFEOSAI_INTERNAL_SIGNING_KEY.',
  },
  SIGNING_KEY_INVALID: {
    status: 500,
    message: 'The internal signing key is not a valid key; generate a new one.',
  },
  SIGNING_KEY_INSECURE: {
    status: 500,
    message: 'The internal signing key file is readable by others; make it readable by its owner only.',
  },
  SMTP_INSECURE: {
    status: 500,
    message: 'The SMTP server would receive the password in clear text; use TLS or STARTTLS.',
  },
  SANDBOX_UNAVAILABLE: {
    status: 500,
    message: 'Runs cannot be sandboxed here; install bubblewrap, or allow unsandboxed runs in local mode.',
  },
  SECRET_DECRYPT_FAILED: {
    status: 500,
    message:
      'A stored secret could not be decrypted; the master key does not match the one it was stored with.',
  },
});
