import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch.ts';

describe('applyMergePatch (RFC 7396)', () => {
  // The examples of RFC 7396, appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('leaves a member it was not sent as it was, deep inside too', () => {
    const agent = {
      name: 'old',
      adapterConfig: {
        model: 'm',
        permissions: { mode: 'allow', rules: [{ tool: 'Bash', behavior: 'ask' }] },
      },
    };
    expect(applyMergePatch(agent, { adapterConfig: { permissions: { mode: 'ask' } } })).toEqual({
      name: 'old',
      adapterConfig: { model: 'm', permissions: { mode: 'ask', rules: [{ tool: 'Bash', behavior: 'ask' }] } },
    });
  });

  it('keeps a __proto__ member a member', () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as object;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(result)).toEqual(['__proto__']);
  });

  it('changes neither argument, and shares no object with the patch', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: [1] }, d: { e: 2 } };
    const result = applyMergePatch(target, patch) as { a: { c: number[] }; d: { e: number } };
    expect(target).toEqual({ a: { b: 1 } });
    expect(patch).toEqual({ a: { c: [1] }, d: { e: 2 } });
    result.a.c.push(2);
    result.d.e = 3;
    expect(patch).toEqual({ a: { c: [1] }, d: { e: 2 } });
  });
});
