import { describe, expect, test } from 'vitest';
import { jsonLine } from './json-line.ts';

describe('jsonLine', () => {
  test('is one line of ASCII that parses back to the same value', () => {
    const value = { type: 'log', text: '服务已启动 on port 3000\n€ \u007f é 😀', n: 1 };
    const line = jsonLine(value);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(/^[\x00-\x7e]*$/.test(line)).toBe(true);
    expect(JSON.parse(line)).toEqual(value);
  });

  test('survives being cut into single bytes, each decoded on its own', () => {
    const bytes = new TextEncoder().encode(jsonLine({ message: '检查失败：期望 200' }));
    const text = [...bytes].map((b) => new TextDecoder().decode(new Uint8Array([b]))).join('');
    expect(JSON.parse(text)).toEqual({ message: '检查失败：期望 200' });
  });
});
