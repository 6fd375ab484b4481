import { idParams, twilioVoicePath, twilioWebhookBodyLimit } from '@lifeosai/api-contract';
import type { Call, Database } from '@lifeosai/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CallerLimits, CallerRefusal } from '../domain/phone/callers.ts';
import { failUnconnectedCall, findCall } from '../domain/phone/calls.ts';
import { afterStreamUrl, twilioStreamUrl } from '../domain/phone/twilio-urls.ts';
import { type Admission, admitCall } from '../phone/admit-call.ts';
import type { PhoneRuntime } from '../phone/phone-runtime.ts';
import { readForm, verifyTwilioSignature } from '../phone/twilio-signature.ts';
import { connectStream, hangUp, phoneReplies, sayAndHangUp } from '../phone/twiml.ts';
import type { PushSender } from '../push/push-sender.ts';

/** What the voice webhook uses. */
export interface TwilioVoiceDeps {
  db: Kysely<Database>;
  /** `TWILIO_AUTH_TOKEN`: without it every request is refused (403), none can be verified. */
  twilioAuthToken?: string;
  /** `LIFEOSAI_PUBLIC_URL`: the address Twilio calls, which its signature covers. */
  publicUrl?: string;
  /** The phone bridge; without it an admitted call hears that calls cannot be taken now. */
  phone?: PhoneRuntime;
  /** Tells an agent's owners that a new caller waits for approval. */
  push?: Pick<PushSender, 'senderWaiting'>;
  /** Calls per caller per number in a window (default five in ten minutes). */
  callerLimits: CallerLimits;
}

/** Twilio's fields we read (it sends many more; all are signed, none else is used). */
const callFields = z.object({
  CallSid: z.string().regex(/^[A-Za-z0-9]{2,64}$/, "Twilio's call id (CA…)"),
  From: z.string().min(1).max(64),
  To: z.string().min(1).max(64),
});
const afterQuery = z.object({ after: idParams.shape.id.optional() });

/** Spoken refusals by reason. */
const refusals: Record<CallerRefusal, string> = {
  hidden_number: phoneReplies.hiddenNumber,
  not_allowed: phoneReplies.notAllowed,
  denied: phoneReplies.notAllowed,
  pending: phoneReplies.pending,
  rate_limited: phoneReplies.rateLimited,
};

/**
 * `POST /api/phone/twilio/voice`, beside (never under) `/api/agent`: Twilio's voice webhook,
 * public, form-encoded. Its signature is checked before anything else is read or looked up
 * (403 `TWILIO_SIGNATURE_INVALID`); then the call is admitted or refused in TwiML. With
 * `?after=<callId>` it is the `<Connect action>` Twilio asks once the call's stream ended.
 * Any content type reaches the handler as text, so even garbage meets the signature check
 * first; a signed request with missing fields is a 400, never a 5xx.
 */
export async function registerTwilioVoiceRoute(app: FastifyInstance, deps: TwilioVoiceDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post(twilioVoicePath, { bodyLimit: twilioWebhookBodyLimit }, async (request, reply) => {
      const params = readForm(typeof request.body === 'string' ? request.body : '');
      verifyTwilioSignature(
        { authToken: deps.twilioAuthToken, publicUrl: deps.publicUrl },
        {
          url: request.url,
          signature: request.headers['x-twilio-signature'],
          params,
        },
      );
      const { after } = afterQuery.parse(request.query);
      const fields = callFields.parse(params);
      if (after) return twiml(reply, await afterStream(deps.db, after, fields.CallSid));
      const admission = await admitCall(
        { db: deps.db, limits: deps.callerLimits, bridged: Boolean(deps.phone), push: deps.push },
        { callSid: fields.CallSid, from: fields.From, to: fields.To },
      );
      if (admission.kind === 'admitted') {
        const { call, streamToken } = admission;
        // Set: no signature verifies without it.
        const publicUrl = deps.publicUrl!;
        const answer = connectStream({
          streamUrl: twilioStreamUrl(publicUrl),
          token: streamToken,
          actionUrl: afterStreamUrl(publicUrl, call.id),
        });
        deps.phone?.prepare({ callId: call.id, orgId: call.orgId, agentId: call.agentId });
        return twiml(reply, answer);
      }
      return twiml(reply, answerFor(admission));
    });
  });
}

function answerFor(admission: Exclude<Admission, { kind: 'admitted' }>): string {
  switch (admission.kind) {
    case 'unknown_number':
      return sayAndHangUp(phoneReplies.unknownNumber);
    case 'refused':
      return sayAndHangUp(refusals[admission.reason]);
    case 'unavailable':
      return sayAndHangUp(phoneReplies.unavailable);
    case 'settled':
      return settledAnswer(admission.call);
  }
}

/** A retry about a call already decided: a refused one is refused again; one that ended, hung up. */
function settledAnswer(call: Call): string {
  if (call.status === 'refused') return sayAndHangUp(phoneReplies.notAllowed);
  if (call.status === 'failed') return sayAndHangUp(phoneReplies.unavailable);
  return hangUp();
}

/**
 * The call's stream ended and Twilio asks what next: a call that failed (or whose stream never
 * connected) hears an apology, any other is hung up. A call that is not this `CallSid`'s is hung
 * up without a word (the request is signed, but the id in the URL must also be the call's).
 */
async function afterStream(db: Kysely<Database>, callId: string, callSid: string): Promise<string> {
  const call = await findCall(db, callId);
  if (call?.source !== 'twilio' || call.externalId !== callSid) return hangUp();
  const now =
    call.status === 'ringing'
      ? await failUnconnectedCall(db, call.id, "the call's audio stream never connected")
      : call;
  return now?.status === 'failed' ? sayAndHangUp(phoneReplies.lostLine) : hangUp();
}

function twiml(reply: FastifyReply, xml: string): FastifyReply {
  return reply.type('text/xml; charset=utf-8').send(xml);
}
