import type { Server } from 'node:http';

/** A call the voice webhook admitted (its row exists, status `ringing`). */
export interface AdmittedCall {
  callId: string;
  orgId: string;
  agentId: string;
}

/**
 * What the phone routes need of the phone bridge (the part that holds calls: live voice
 * sessions, Twilio media streams, browser call sockets, the agent behind the voice). The routes
 * own the rows (numbers, callers, the call row and its one-time stream token); the bridge runs
 * the calls on whichever instance their sockets reach.
 */
export interface PhoneRuntime {
  /**
   * The voice webhook admitted a call and is about to answer with TwiML: start opening its
   * live voice session now, so the first words come fast once the stream connects. Never
   * throws and never delays the webhook's answer; a session this instance opened for a call whose
   * stream reaches another instance (or never comes) is closed after a short wait.
   */
  prepare(call: AdmittedCall): void;
  /**
   * Serves the bridge's WebSocket endpoints on the Agent API's own HTTP server (its `upgrade`
   * event): `/api/phone/twilio/stream` (public; bound to its call by the one-time token in the
   * stream's `start` parameters) and `/api/agent/agents/:id/call` (the browser; the gateway's
   * identity token). Any other upgrade is refused with a 404.
   */
  attach(server: Server): void;
  /**
   * Ends every call this instance holds (each caller hears or reads that the call ends, the
   * record says why) and closes the live sessions.
   */
  stop(): Promise<void>;
}
