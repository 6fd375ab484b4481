/**
 * What a harness can do, declared once on the `Harness` object.
 *
 * Why flags *and* optional members: HarnessV1 signals optional features only by the
 * presence of optional methods on a live session. We also need to know before any run
 * starts — the API answers 400 to "fork this session" on a harness that cannot, and the
 * UI hides the button — so the features are declared here as static flags. Where a
 * feature is also a method (`followUp` ↔ `RunHandle.sendUserMessage`), the method's
 * presence must agree with the flag; the conformance suite checks both ways.
 *
 * The platform never asks for an unsupported feature. If it does anyway (a bug), the
 * harness throws `UnsupportedFeatureError` from the call that needed it.
 */
export interface HarnessCapabilities {
  /** Can continue a native session in a later run (`session.kind === 'resume'`). */
  readonly resume: boolean;
  /**
   * Can branch a native session into a new one, leaving the original intact (`'fork'`). The
   * platform offers `POST /api/agent/sessions/:id/fork` (and the web chat's "Fork from here")
   * only for harnesses that declare it (`400 FORK_UNSUPPORTED` otherwise); a fork's first run
   * gets `{kind: 'fork', nativeSessionId, atMessageId?}`.
   */
  readonly fork: boolean;
  /**
   * Asks before tool calls per `RunContext.permissions`, emitting `permission_request` and
   * honouring `respondToPermission`. Without it the harness runs with its tools allowed
   * and the platform must not offer `ask` rules for it.
   */
  readonly permissions: boolean;
  /** Emits `stream_event` deltas (partial text, thinking, tool input) before each `assistant` event. */
  readonly partialText: boolean;
  /** Reports token usage (incremental `usage` events and per-model totals on the `result`). */
  readonly usage: boolean;
  /**
   * Reports the run's cost itself (`total_cost_usd`). Without it the platform prices the
   * usage from its table and marks the result `cost_computed: true`.
   */
  readonly cost: boolean;
  /** Connects `RunContext.mcpServers` and exposes `RunContext.platformTools` to the model. */
  readonly mcp: boolean;
  /** Loads the skill folders in `RunContext.skills`. */
  readonly skills: boolean;
  /** Accepts more user messages while a run is live (`RunHandle.sendUserMessage` is present). */
  readonly followUp: boolean;
  /**
   * Can finish a turn that an earlier process left unfinished (`'continue-interrupted'`). The
   * platform passes it to a run retried after its instance died whose earlier attempt reached
   * the native session; without the flag the retry is sent its prompt again as a new turn.
   */
  readonly interruptContinue: boolean;
}
