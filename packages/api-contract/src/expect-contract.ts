import { expect } from 'vitest';
import type { ZodType } from 'zod';

/**
 * Test helper: asserts that a real response body is exactly what the contract's schema says —
 * it parses, and parsing drops or changes nothing (a field the route sends but the contract
 * does not name fails too). Tests of the routes call it on what they receive, so the contract
 * cannot drift from the code.
 */
export function expectContract(schema: ZodType, body: unknown): void {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? [], 'the body parses with the contract schema').toEqual([]);
  expect(parsed.data, 'the contract schema names every field of the body').toEqual(body);
}
