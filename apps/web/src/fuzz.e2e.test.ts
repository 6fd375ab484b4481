/**
 * Fuzz test of the whole public API: every operation of the OpenAPI document (`GET
 * /api/openapi.json` on the gateway, which also describes the auth and Agent API routes it
 * proxies) gets malformed requests — broken JSON, wrong types, bad %-escapes in path and query,
 * NUL and other hostile characters in every string, bodies over the limit (declared and
 * chunked), huge parameters, headers and cookies — sent through the web origin, to the
 * gateway, and to the service that owns the route on its own port. Every answer must come
 * within the deadline, none may be a 5xx, and every 4xx must have the contract's error shape.
 * The requests come from a seeded generator (`LIFEOSAI_FUZZ_SEED` picks another seed; a failure
 * names the seed it ran with) and are bounded: at most `LIFEOSAI_FUZZ_CASES` generated cases, a
 * seeded sample once the API has more, so CI time stays flat as routes are added.
 */

import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import { type RawResponse, sendBytes, sendRaw } from '@lifeosai/testkit/raw-http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWebIfNeeded } from './testing/browser.ts';
import { CaseGenerator, type FuzzCase, operationsOf } from './testing/fuzz/openapi-cases.ts';
import { SeededRandom } from './testing/fuzz/seeded-random.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

const seed = Number(process.env.LIFEOSAI_FUZZ_SEED || 20_261_205);
/** Generated cases sent per run, at most (the fixed hostile ones below come on top). */
const caseBudget = Number(process.env.LIFEOSAI_FUZZ_CASES || 1_500);
/** No answer within this long counts as a hang. */
const deadlineMs = Number(process.env.FUZZ_DEADLINE || 5_000);
/** The services' JSON body limit (http-kit's `defaultBodyLimit`). */
const bodyLimit = 1024 * 1024;
const parallel = 8;

let fake: FakeLlm;
let platform: Platform;
let cookie = '';
// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked by the generator.
let document: any;

beforeAll(async () => {
  await buildWebIfNeeded();
  fake = await startFakeLlm();
  platform = await startPlatform({ llmUrl: fake.url });
  const signedUp = await fetch(`${platform.webUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: platform.webUrl },
    body: JSON.stringify({ name: 'Fuzzer', email: 'fuzzer@example.test', password: 'correct horse battery' }),
  });
  expect(signedUp.status).toBe(200);
  cookie = signedUp.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  document = await (await fetch(`${platform.gatewayUrl}/api/openapi.json`)).json();
}, 300_000);

afterAll(async () => {
  await platform?.stop();
  await fake?.close();
}, 60_000);

/** Where a route is sent: the web origin, the gateway, and the service that owns it. */
function originsFor(path: string): string[] {
  const owner = path.startsWith('/api/auth/')
    ? platform.authUrl
    : path.startsWith('/api/agent/') || path.startsWith('/api/phone/')
      ? platform.agentApiUrl
      : undefined;
  return [platform.webUrl, platform.gatewayUrl, ...(owner ? [owner] : [])];
}

/** A service's name for its origin, in failure messages. */
function serviceAt(origin: string): string {
  const names: Record<string, string> = {
    [platform.webUrl]: 'web',
    [platform.gatewayUrl]: 'gateway',
    [platform.authUrl]: 'auth',
    [platform.agentApiUrl]: 'agent-api',
  };
  return names[origin] ?? origin;
}

/** What is wrong with an answer, or `undefined` when it is one the contract allows. */
function problemWith(response: RawResponse): string | undefined {
  if (response.status === 'timeout') return `no answer within ${deadlineMs} ms`;
  if (response.status === 'reset') return `connection dropped unanswered (${response.error})`;
  if (response.status >= 500) return `${response.status}: ${response.body.slice(0, 200)}`;
  if (response.status < 400) return undefined;
  try {
    const { error } = JSON.parse(response.body);
    if (/^[A-Z][A-Z0-9_]*$/.test(error.code) && typeof error.message === 'string' && error.message)
      return undefined;
  } catch {
    // Not JSON: reported below.
  }
  return `${response.status} not in the error shape: ${response.body.slice(0, 200)}`;
}

/** Runs `work` over `items`, `parallel` at a time. */
async function pool<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

it('answers every malformed request to every documented route in time, never with a 5xx, every 4xx in the contract shape', {
  timeout: 180_000,
}, async () => {
  const random = new SeededRandom(seed);
  const generator = new CaseGenerator(document, random);
  const generated: { origin: string; request: FuzzCase }[] = [];
  for (const operation of operationsOf(document)) {
    for (const origin of originsFor(operation.path)) {
      for (const request of generator.casesFor(operation, bodyLimit)) generated.push({ origin, request });
    }
  }
  const requests = random.sample(generated, caseBudget);
  for (const origin of [platform.webUrl, platform.gatewayUrl, platform.authUrl, platform.agentApiUrl]) {
    const path = random.pick(['/api/me', '/api/agent/agents', '/api/auth/get-session']);
    requests.push(
      {
        origin,
        request: {
          mutation: 'a 20 KB header',
          method: 'GET',
          path,
          headers: { 'x-fuzz': 'h'.repeat(20_000) },
        },
      },
      {
        origin,
        request: {
          mutation: 'a 100 KB cookie',
          method: 'GET',
          path,
          headers: { cookie: `c=${'k'.repeat(100_000)}` },
        },
      },
      {
        origin,
        request: { mutation: 'an unknown route', method: 'DELETE', path: '/api/fuzz/nothing', headers: {} },
      },
      { origin, request: { mutation: 'a method no route has', method: 'PROPFIND', path, headers: {} } },
    );
  }

  const started = performance.now();
  const answers = await pool(requests, async ({ origin, request }) => {
    // Signing out would end the session the other requests use.
    const anonymous = request.path.startsWith('/api/auth/sign-out') || 'cookie' in request.headers;
    const headers = { origin: platform.webUrl, ...(anonymous ? {} : { cookie }), ...request.headers };
    const response = await sendRaw({ origin, ...request, headers, timeoutMs: deadlineMs });
    return { origin, request, response, problem: problemWith(response) };
  });
  const notHttp = await Promise.all(
    [platform.webUrl, platform.gatewayUrl, platform.authUrl, platform.agentApiUrl].map(async (origin) => {
      const answer = await sendBytes(
        origin,
        'GET /api/me HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n',
        deadlineMs,
      );
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      const shaped = /^HTTP\/1\.1 400 /.test(answer) && /"code":"BAD_REQUEST"/.test(body);
      return shaped
        ? undefined
        : `${origin} a request that is not HTTP → ${JSON.stringify(answer.slice(0, 200))}`;
    }),
  );
  const took = Math.round(performance.now() - started);

  const failures = [
    ...answers
      .filter((answer) => answer.problem)
      .map(
        ({ origin, request, problem }) =>
          `${serviceAt(origin)} ${request.method} ${request.path.slice(0, 120)} (${request.mutation}) → ${problem}`,
      ),
    ...notHttp.filter((failure) => failure !== undefined),
  ];
  const statuses = new Map<string, number>();
  for (const { response } of answers)
    statuses.set(String(response.status), (statuses.get(String(response.status)) ?? 0) + 1);
  const slowest = [...answers].sort((left, right) => right.response.ms - left.response.ms).slice(0, 3);
  console.log(
    `fuzz (seed ${seed}): ${answers.length + notHttp.length} requests (${Math.min(generated.length, caseBudget)} of ${generated.length} generated cases) in ${took} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}; slowest ${slowest.map(({ origin, request, response }) => `${response.ms} ms ${serviceAt(origin)} ${request.method} ${request.path.slice(0, 60)} (${request.mutation})`).join(', ')}`,
  );
  expect(failures.slice(0, 40), `fuzz seed ${seed}: repeat with LIFEOSAI_FUZZ_SEED=${seed}`).toEqual([]);
});
