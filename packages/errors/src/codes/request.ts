import { defineErrorCodes } from '../define-error-codes.ts';

/** Answers any service may give to a request, whatever its route. */
export const requestErrorCodes = defineErrorCodes({
  BAD_REQUEST: {
    status: 400,
    message: 'The request is not valid HTTP or not what this route takes; check the client.',
  },
  INVALID_REQUEST: {
    status: 400,
    message: 'A field of the request is missing or invalid; fix the field the message names.',
  },
  INVALID_JSON: { status: 400, message: 'The body is not valid JSON; send a complete JSON object.' },
  INVALID_CONTENT_LENGTH: { status: 400, message: 'The body is not as long as its Content-Length says.' },
  BAD_URL: { status: 400, message: 'The address has a malformed part or %-escape; fix the path or query.' },
  REQUEST_REFUSED: { status: 400, message: 'The request was refused; check it against the API description.' },
  UNAUTHENTICATED: {
    status: 401,
    message: 'Sign in (session cookie) or send `Authorization: Bearer <api key>`.',
  },
  FORBIDDEN: {
    status: 403,
    message: 'Your role does not allow this; ask an admin or owner of the organization.',
  },
  NOT_FOUND: { status: 404, message: 'No such resource in this organization; check the id.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'This route does not take that method; see the API description.',
  },
  REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive; send it again.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state; reload and try again.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit; send less.' },
  URL_TOO_LONG: { status: 414, message: 'A part of the request path is too long; check the URL.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'This route does not take that content type; send application/json.',
  },
  RATE_LIMITED: { status: 429, message: 'Too many requests; wait a moment (see Retry-After) and try again.' },
  HEADERS_TOO_LARGE: {
    status: 431,
    message: 'The request headers are too large; send fewer or smaller headers and cookies.',
  },
  INTERNAL: {
    status: 500,
    message: 'Something went wrong on our side; retry, and report it if it persists.',
  },
  UPSTREAM_UNAVAILABLE: {
    status: 502,
    message: 'A platform service behind this one did not answer; retry shortly (is it running?).',
  },
  UNAVAILABLE: { status: 503, message: 'The service cannot answer right now; retry shortly.' },
  UPSTREAM_TIMEOUT: {
    status: 504,
    message: 'A platform service behind this one took too long to answer; retry shortly.',
  },
});
