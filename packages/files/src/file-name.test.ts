import { describe, expect, it } from 'vitest';
import { parseFileName } from './file-name.ts';

describe('parseFileName', () => {
  it('splits relative POSIX names into segments', () => {
    expect(parseFileName('report.pdf')).toEqual(['report.pdf']);
    expect(parseFileName('org_1/runs/run 7/out…put.txt')).toEqual(['org_1', 'runs', 'run 7', 'out…put.txt']);
    expect(parseFileName('.hidden/..dots../x')).toEqual(['.hidden', '..dots..', 'x']);
  });

  it.each([
    ['empty', ''],
    ['parent segment', '../x'],
    ['parent segment in the middle', 'a/../../x'],
    ['trailing parent segment', 'a/..'],
    ['current segment', './a'],
    ['absolute POSIX path', '/etc/passwd'],
    ['backslash traversal', 'a\\..\\x'],
    ['Windows drive path', 'C:\\x'],
    ['Windows drive path with slash', 'C:/x'],
    ['UNC path', '\\\\server\\share'],
    ['NUL byte', 'a\u0000b'],
    ['newline', 'a\nb'],
    ['double slash', 'a//b'],
    ['trailing slash', 'a/'],
    ['overlong segment', 'x'.repeat(256)],
    ['overlong name', Array.from({ length: 11 }, () => 'x'.repeat(100)).join('/')],
  ])('refuses a %s', (_label, name) => {
    expect(() => parseFileName(name)).toThrow(
      expect.objectContaining({ code: 'FILE_NAME_INVALID', status: 400 }),
    );
  });
});
