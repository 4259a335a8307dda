import { describe, expect, test } from 'vitest';
import { v8Flags } from './service-process.ts';

describe('V8 flags for a service', () => {
  test('a heap cap on a machine', () => {
    expect(v8Flags(64, { node: '24.0.0' })).toEqual(['--max-old-space-size=64']);
  });

  test('none inside WebContainer, whose node may refuse them', () => {
    expect(v8Flags(64, { node: '20.0.0', webcontainer: '1.0.0' })).toEqual([]);
  });
});
