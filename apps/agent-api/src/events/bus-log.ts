/**
 * Where an event bus reports what it survives: a listener that threw, a lost connection,
 * a notice it could not send. Pino and Fastify loggers fit as they are.
 */
export interface BusLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Used when no logger is given: a bus never fails silently. */
export const consoleBusLog: BusLog = {
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};
