import { z } from 'zod';

/**
 * How a run was started: by a person in the web app (`user`), by a program with an API key
 * (`api`), by the agent's heartbeat, by a message on a channel, or by a phone call.
 */
export const runTriggerKinds = ['user', 'api', 'heartbeat', 'channel', 'phone'] as const;

export type RunTriggerKind = (typeof runTriggerKinds)[number];

/** Who and how started a run (`trigger` on runs, `startedBy` on conversations). */
export const runTriggerSchema = z.object({
  kind: z.enum(runTriggerKinds),
  /**
   * Who: the user's id for `user` and `api` (the key's owner), the sender's id on the network
   * for `channel`, the caller's number for `phone`; absent for `heartbeat`.
   */
  by: z.string().optional(),
  /** A name to show for `by` (the user's name, the sender's display name); absent when unknown. */
  byName: z.string().optional(),
});

export type RunTrigger = z.infer<typeof runTriggerSchema>;
