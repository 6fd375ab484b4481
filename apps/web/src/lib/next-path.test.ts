import { describe, expect, it } from 'vitest';
import { safeNextPath, withNext } from './next-path.ts';

describe('safeNextPath', () => {
  it.each(['/accept-invitation?id=inv_123', '/agents', '/', '/runs/run_1?tab=events#top'])(
    'keeps a path on this site: %s',
    (path) => {
      expect(safeNextPath(path)).toBe(path);
    },
  );

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/x'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'agents'],
    ['a tab that browsers strip', '/\t/evil.example'],
    ['a newline', '/agents\n'],
    ['nothing', ''],
    ['an overly long path', `/${'a'.repeat(2000)}`],
    ['a list of values', ['/agents']],
    ['no value', undefined],
  ])('drops %s', (_name, value) => {
    expect(safeNextPath(value)).toBeNull();
  });
});

describe('withNext', () => {
  it('adds next to the query, encoded', () => {
    expect(withNext('/sign-in', '/accept-invitation?id=a&b')).toBe(
      '/sign-in?next=%2Faccept-invitation%3Fid%3Da%26b',
    );
    expect(withNext('/verify-email?verified=1', '/x')).toBe('/verify-email?verified=1&next=%2Fx');
  });

  it('leaves the path alone without next', () => {
    expect(withNext('/sign-in', null)).toBe('/sign-in');
  });
});
