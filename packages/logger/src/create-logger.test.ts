import { Writable } from 'node:stream';
import { Redactor } from '@lifeosai/secrets';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.ts';

const CANARY = 'canary-Zq7-secret-value';

/** A destination that keeps every written line. */
function capture(): { destination: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { destination, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

function redactorWithCanary(): Redactor {
  const redactor = new Redactor();
  redactor.add(CANARY);
  return redactor;
}

describe('createLogger', () => {
  it('writes JSON lines with service, level label, ISO time and msg', () => {
    const { destination, lines } = capture();
    createLogger({ service: 'agent-api', destination }).info({ runId: 'run_1' }, 'run started');

    const [line] = lines();
    const entry = JSON.parse(line!);
    expect(entry).toMatchObject({ service: 'agent-api', level: 'info', runId: 'run_1', msg: 'run started' });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it('honours the level', () => {
    const { destination, lines } = capture();
    const logger = createLogger({ service: 'test', level: 'warn', destination });
    logger.info('dropped');
    logger.warn('kept');
    expect(lines().map((line) => JSON.parse(line).msg)).toEqual(['kept']);
  });

  it('never writes a known secret value, wherever it appears', () => {
    const { destination, lines } = capture();
    const logger = createLogger({ service: 'test', redactor: redactorWithCanary(), destination });
    const error = new Error(`upstream rejected key ${CANARY}`);
    error.stack = `Error: upstream rejected key ${CANARY}\n    at call (${CANARY}.ts:1:1)`;

    logger.info(`message with ${CANARY} inside`);
    logger.info({ request: { body: { nested: [{ note: `x${CANARY}x` }] } } }, 'nested field');
    logger.error({ err: error }, 'request failed');
    logger.error(error);
    logger.error(new Error('wrapper', { cause: new Error(`cause ${CANARY}`) }), 'with cause');
    logger.info({ headers: { 'x-custom-auth': `Bearer ${CANARY}` } }, 'custom header');
    logger.child({ binding: CANARY }).info('child binding');

    const output = lines();
    expect(output).toHaveLength(7);
    for (const line of output) {
      expect(line).not.toContain(CANARY);
      expect(line).toContain('[REDACTED]');
      expect(() => JSON.parse(line)).not.toThrow();
    }
    expect(JSON.parse(output[0]!).msg).toBe('message with [REDACTED] inside');
    expect(JSON.parse(output[1]!).request.body.nested[0].note).toBe('x[REDACTED]x');
    expect(JSON.parse(output[2]!)).toMatchObject({
      msg: 'request failed',
      err: { type: 'Error', message: 'upstream rejected key [REDACTED]' },
    });
    expect(JSON.parse(output[5]!).headers['x-custom-auth']).toBe('Bearer [REDACTED]');
  });

  it('masks secrets added to the redactor after the logger was created', () => {
    const { destination, lines } = capture();
    const redactor = new Redactor();
    const logger = createLogger({ service: 'test', redactor, destination });
    redactor.add(CANARY);
    logger.info(CANARY);
    expect(lines()[0]).not.toContain(CANARY);
  });

  it('censors sensitive keys even when the value is not a known secret', () => {
    const { destination, lines } = capture();
    createLogger({ service: 'test', destination }).info(
      {
        req: {
          method: 'POST',
          headers: {
            authorization: 'Bearer unknown-token-1',
            cookie: 'session=unknown-2',
            'x-api-key': 'unknown-3',
            'x-lifeosai-service-token': 'unknown-10',
            accept: 'application/json',
          },
        },
        res: { headers: { 'set-cookie': 'session=unknown-4' } },
        password: 'unknown-5',
        config: { provider: { apiKey: 'unknown-6', api_key: 'unknown-7', baseUrl: 'http://localhost' } },
        token: 'unknown-8',
        oauth: { secret: 'unknown-9' },
      },
      'sensitive keys',
    );

    const entry = JSON.parse(lines()[0]!);
    expect(lines()[0]).not.toMatch(/unknown-\d/);
    expect(entry.req.method).toBe('POST');
    expect(entry.req.headers).toEqual({
      authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-lifeosai-service-token': '[REDACTED]',
      accept: 'application/json',
    });
    expect(entry.res.headers['set-cookie']).toBe('[REDACTED]');
    expect(entry.config.provider).toEqual({
      apiKey: '[REDACTED]',
      api_key: '[REDACTED]',
      baseUrl: 'http://localhost',
    });
    expect(entry).toMatchObject({
      password: '[REDACTED]',
      token: '[REDACTED]',
      oauth: { secret: '[REDACTED]' },
    });
  });

  it('writes readable single lines in the pretty format, masked like JSON ones', () => {
    const { destination, lines } = capture();
    const logger = createLogger({
      service: 'agent-api',
      format: 'pretty',
      redactor: redactorWithCanary(),
      destination,
    });
    logger.info({ runId: 'run_1', status: 'succeeded' }, 'run finished');
    logger.warn({ password: 'hunter2', detail: `key ${CANARY}` }, 'heartbeat skipped');

    const [finished, skipped] = lines();
    expect(finished).toMatch(
      /^\[\d\d:\d\d:\d\d\] INFO: run finished \{"runId":"run_1","status":"succeeded"\}$/,
    );
    expect(skipped).toMatch(/WARN: heartbeat skipped/);
    expect(lines().join('\n')).not.toMatch(/hunter2|canary-Zq7|"service"/);
  });
});
