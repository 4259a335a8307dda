/**
 * Boots StackBlitz's WebContainer (browser only). It loads its runtime from StackBlitz's servers,
 * so it needs the internet and a cross-origin isolated page; the runtime's licence is free for
 * open source and personal use, commercial production use needs StackBlitz's licence (see README).
 */
import { WebContainer } from '@webcontainer/api';
import { WebContainerRuntime, type ContainerLike, type LabBundle } from './host.ts';

let booted: Promise<WebContainer> | undefined;

export async function bootWebContainer(bundles: (labId: string) => Promise<LabBundle>): Promise<WebContainerRuntime> {
  booted ??= WebContainer.boot({ coep: 'require-corp' });
  const container = await booted;
  return new WebContainerRuntime(container as unknown as ContainerLike, bundles);
}
