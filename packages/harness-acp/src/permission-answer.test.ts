import { describe, expect, it } from 'vitest';
import { permissionAnswer } from './permission-answer.ts';

const options = [
  { optionId: 'always', name: 'Always allow', kind: 'allow_always' },
  { optionId: 'once', name: 'Allow', kind: 'allow_once' },
  { optionId: 'no', name: 'Reject', kind: 'reject_once' },
] as const;

describe('permissionAnswer', () => {
  it('answers with the one-time option of the verdict', () => {
    expect(permissionAnswer(options, true)).toEqual({ outcome: { outcome: 'selected', optionId: 'once' } });
    expect(permissionAnswer(options, false)).toEqual({ outcome: { outcome: 'selected', optionId: 'no' } });
  });

  it('falls back to the "always" option, then to cancelled when nothing of the kind is offered', () => {
    expect(permissionAnswer([options[0]], true)).toEqual({
      outcome: { outcome: 'selected', optionId: 'always' },
    });
    expect(permissionAnswer([options[0]], false)).toEqual({ outcome: { outcome: 'cancelled' } });
  });
});
