import { expect, it } from 'vitest';
import { encodePcm16, Pcm16Decoder } from './pcm.ts';

it('encodes little-endian and decodes chunks split mid-sample without losing or shifting samples', () => {
  const samples = Int16Array.from([1, -2, 0x1234, -32768, 32767]);
  const bytes = Buffer.from(encodePcm16(samples), 'base64');
  expect([...bytes.subarray(0, 6)]).toEqual([0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);
  const decoder = new Pcm16Decoder();
  const first = decoder.decode(bytes.subarray(0, 3).toString('base64'));
  const second = decoder.decode(bytes.subarray(3, 7).toString('base64'));
  const third = decoder.decode(bytes.subarray(7).toString('base64'));
  expect([...first, ...second, ...third]).toEqual([...samples]);
  expect(first.length).toBe(1);
});

it('drops a dangling half sample on reset', () => {
  const decoder = new Pcm16Decoder();
  decoder.decode(Buffer.from([0x01]).toString('base64'));
  decoder.reset();
  expect([...decoder.decode(Buffer.from([0x02, 0x00]).toString('base64'))]).toEqual([2]);
});
