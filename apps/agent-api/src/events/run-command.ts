import { z } from 'zod';

/**
 * An instruction for whichever instance executes a run. Sent on the bus (the request may
 * land on any instance) and acted on only where the run's harness handle lives; every other
 * instance ignores it. Commands are not stored: one lost with a connection is simply not
 * acted on, and the sender sees no confirming event (see `answer-permission.ts`).
 *
 * `permission.answer`: a person's answer to the run's `permission_request` with `requestId`,
 * handed to `RunHandle.respondToPermission`.
 *
 * `run.stop`: the platform ends the run with a failure of its own (the LLM proxy refused a
 * call because the budget is spent): the executor cancels the harness and ends the run with
 * an `error` and a failed `result` of `errorClass`, whatever the harness reported.
 *
 * `run.cancel`: a person cancelled the run on an instance that is not executing it (an API
 * instance): the executing worker cancels the harness at once. The run's `cancelRequested`
 * flag is the durable copy, read at the worker's next lease renewal should this be lost.
 *
 * `run.queued`: a run was queued (on any instance): every instance that executes runs claims
 * now instead of at its next poll. Lost, it costs one poll period of latency.
 */
export const runCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('permission.answer'),
    runId: z.string().min(1),
    requestId: z.string().min(1),
    decision: z.enum(['allow', 'deny']),
    message: z.string().optional(),
  }),
  z.object({
    type: z.literal('run.stop'),
    runId: z.string().min(1),
    errorClass: z.literal('budget_exceeded'),
    message: z.string().min(1),
  }),
  z.object({ type: z.literal('run.cancel'), runId: z.string().min(1) }),
  z.object({ type: z.literal('run.queued'), runId: z.string().min(1) }),
]);

export type RunCommand = z.infer<typeof runCommandSchema>;

/** Why the platform ends a run itself (`run.stop`). */
export type RunStop = Pick<Extract<RunCommand, { type: 'run.stop' }>, 'errorClass' | 'message'>;
