import { defineErrorCodes } from '../define-error-codes.ts';

/** Who the caller is, and whether the service trusts it: the gateway, the auth service, run tokens. */
export const identityErrorCodes = defineErrorCodes({
  SESSION_REQUIRED: {
    status: 403,
    message: 'This needs a signed-in session, not an API key; sign in in the browser.',
  },
  NO_ACTIVE_ORGANIZATION: {
    status: 403,
    message: 'You belong to no organization; ask an owner for an invitation.',
  },
  SERVICE_CREDENTIAL_REQUIRED: {
    status: 401,
    message: 'This route answers platform services only; call it with the service credential.',
  },
  RUN_TOKEN_INVALID: {
    status: 401,
    message: 'The run token is unknown or its run has ended; start a new run.',
  },
  AUTH_UNAVAILABLE: { status: 503, message: 'The auth service did not answer; retry shortly.' },
  AUTH_FAILED: { status: 502, message: 'The auth service failed; retry, and report it if it persists.' },
  AUTH_REQUEST_REFUSED: {
    status: 400,
    message: 'The auth service refused the change; the message says why.',
  },
  IMPERSONATION_DISABLED: {
    status: 403,
    message: 'Impersonation is off on this instance; set LIFEOSAI_ALLOW_IMPERSONATION to allow it.',
  },
  NOT_A_MEMBER_OF_ORGANIZATION: {
    status: 403,
    message: 'You are not a member of that organization; pick one you belong to.',
  },
  PERSONAL_ORGANIZATION: {
    status: 403,
    message: 'A personal organization has one member; create an organization to invite people.',
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    message:
      'The password is too short or too common; choose at least 12 characters that are not a common password.',
  },
  CANNOT_DISABLE_SELF: {
    status: 409,
    message: 'An instance admin cannot disable their own account; ask another admin, or sign out instead.',
  },
  LAST_OWNER: {
    status: 409,
    message: 'Every organization keeps at least one owner; make someone else owner first.',
  },
  CONFIRMATION_MISMATCH: {
    status: 400,
    message: "The confirmation does not match; type the organization's name exactly.",
  },
  ORGANIZATION_BUSY: {
    status: 409,
    message: 'The organization has queued or running runs; stop them, then try again.',
  },
});
