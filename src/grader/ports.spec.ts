import { describe, expect, test } from 'vitest';
import { freePorts } from './ports.ts';

describe('freePorts', () => {
  test('never hands out a port twice in one process: a port picked is free only until its owner binds it', async () => {
    // 1,000 ports from a range of about 12,000, each pick released before the next (as when one
    // lane's services have not bound yet): without the memory of what was handed out, dozens would
    // repeat (the birthday bound), each a service dying of EADDRINUSE. Then picks side by side.
    const all: number[] = [];
    for (let i = 0; i < 8; i++) all.push(...(await freePorts(100)));
    all.push(...(await Promise.all([freePorts(100), freePorts(100)])).flat());
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
  });
});
