import { describe, expect, it } from 'vitest';
import { webOrigins } from './web-origins.ts';

describe('webOrigins', () => {
  it('accepts both loopback spellings of the default local URL', () => {
    expect(webOrigins(3000)).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
  });

  it('adds the 127.0.0.1 twin of a localhost public URL, then the extra origins', () => {
    expect(webOrigins(3000, 'http://localhost:8080/', ['https://app.example.com'])).toEqual([
      'http://localhost:8080',
      'http://127.0.0.1:8080',
      'https://app.example.com',
    ]);
  });

  it('adds nothing for a public host name and drops duplicates', () => {
    expect(webOrigins(3000, 'https://lifeos.example.com', ['https://lifeos.example.com'])).toEqual([
      'https://lifeos.example.com',
    ]);
  });
});
