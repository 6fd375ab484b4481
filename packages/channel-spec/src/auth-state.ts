/**
 * Durable key-value state a connection keeps between restarts (WhatsApp's Signal keys and
 * credentials). The platform stores it in the database, encrypted, scoped to one connection;
 * the channel package owns the format of the values (JSON-safe strings), so a network's format
 * change (Baileys 8) stays inside its package.
 */
export interface ChannelStateStore {
  /** Values by key; missing keys are absent from the result. */
  get(keys: readonly string[]): Promise<Record<string, string>>;
  /** Writes (string) and deletes (null), all or nothing. */
  set(entries: Record<string, string | null>): Promise<void>;
  /** Forgets everything (logged out: the credentials are wiped). */
  clear(): Promise<void>;
}
