// The TwiML builder alone: the package's index would load Twilio's whole REST client.
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';

/** What a caller hears before the line is hung up (short: Twilio reads it with its own voice). */
export const phoneReplies = {
  unknownNumber: 'Sorry, this number does not reach an agent here. Goodbye.',
  notAllowed: 'Sorry, this line does not take your calls. Goodbye.',
  hiddenNumber: 'Sorry, this line does not take calls from hidden numbers. Goodbye.',
  pending: "I've asked the owner to let you in; call again once approved. Goodbye.",
  rateLimited: 'You have called many times in the last few minutes; please call again later. Goodbye.',
  unavailable: 'Sorry, calls cannot be taken right now; please try again later. Goodbye.',
  lostLine: 'Sorry, I lost the line on my side; please call again.',
} as const;

/** `<Say>` the words, then `<Hangup/>`. */
export function sayAndHangUp(words: string): string {
  const response = new VoiceResponse();
  response.say(words);
  response.hangup();
  return response.toString();
}

/** `<Hangup/>` alone. */
export function hangUp(): string {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
}

/**
 * Connects the call's audio to the bridge: `<Connect action><Stream url><Parameter name="token">`.
 * Twilio's stream URLs take no query string, so the one-time token that binds the stream to its
 * call travels as a stream parameter (Twilio sends it back in the stream's `start` message).
 * When the stream ends, Twilio asks `action` what to do next.
 */
export function connectStream(target: { streamUrl: string; token: string; actionUrl: string }): string {
  const response = new VoiceResponse();
  const connect = response.connect({ action: target.actionUrl, method: 'POST' });
  const stream = connect.stream({ url: target.streamUrl });
  stream.parameter({ name: 'token', value: target.token });
  return response.toString();
}
