/**
 * Boots StackBlitz's WebContainer (browser only). It loads its runtime from StackBlitz's servers,
 * so it needs the internet and a cross-origin isolated page; the runtime's licence is free for
 * open source and personal use, commercial production use needs StackBlitz's licence (see README).
 */
import { WebContainer } from '@webcontainer/api';
import type { ContainerLike } from './container.ts';
import { WebContainerRuntime, type LabBundle } from './host.ts';

/** One boot; a failed one is not kept, so the next call tries again. Only one container can run at a time. */
function boot(): Promise<ContainerLike> {
  return WebContainer.boot({ coep: 'require-corp' }) as unknown as Promise<ContainerLike>;
}

/** Boots a container and returns the runtime on it; the runtime boots a fresh one after a teardown. */
export async function bootWebContainer(bundles: (labId: string) => Promise<LabBundle>): Promise<WebContainerRuntime> {
  let first: Promise<ContainerLike> | undefined = boot();
  const runtime = new WebContainerRuntime(() => {
    const next = first ?? boot();
    first = undefined;
    return next;
  }, bundles);
  await runtime.container();
  return runtime;
}
