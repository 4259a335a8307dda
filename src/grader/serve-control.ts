/**
 * Serve mode's control actions (the Faults panel): the same fault model the checks use.
 * `{"type":"control","id",...ControlAction}` on stdin → `{"type":"control-result","id",...ControlResult}`.
 */
import type { ControlAction, ControlResult } from '../hosts/runtime.ts';
import type { LabServices } from './lab-services.ts';

const ACTIONS = new Set(['kill', 'restart', 'pause', 'resume', 'fault', 'remove-fault', 'clear']);

export async function control(lab: LabServices, message: Record<string, unknown>): Promise<ControlResult> {
  const state = (): Omit<ControlResult, 'ok'> => ({ services: lab.states(), faults: lab.book.active() });
  try {
    const action = message as unknown as ControlAction;
    if (typeof message.action !== 'string' || !ACTIONS.has(message.action)) throw new Error(`unknown control action ${JSON.stringify(message.action)}`);
    const service = (name: unknown) => {
      const found = typeof name === 'string' ? lab.services.get(name) : undefined;
      if (!found) throw new Error(`no service named ${JSON.stringify(name)}`);
      return found;
    };
    switch (action.action) {
      case 'kill': {
        const s = service(action.service);
        s.stoppedOnPurpose = true;
        await s.kill();
        break;
      }
      case 'restart': {
        const s = service(action.service);
        await s.restart();
        if (s.failure) throw new Error(s.failure);
        break;
      }
      case 'pause':
        await service(action.service).pause();
        break;
      case 'resume':
        await service(action.service).resume();
        break;
      case 'fault':
        service(action.service);
        if (!action.fault || typeof action.fault !== 'object') throw new Error('fault: missing the fault ({"kind": …})');
        lab.book.add(action.service, action.fault, action.scope ?? {});
        break;
      case 'remove-fault': {
        // On the stdin line the fault's id is `faultId` (`id` names the request): see controlLine().
        const faultId = message.faultId;
        if (typeof faultId !== 'number') throw new Error('remove-fault: missing faultId, the id of the fault to remove');
        lab.book.remove(faultId);
        break;
      }
      case 'clear':
        if (action.service !== undefined) service(action.service);
        if (action.service === undefined) lab.book.reset();
        else lab.book.clear(action.service);
        break;
    }
    return { ok: true, ...state() };
  } catch (error) {
    return { ok: false, error: (error as Error).message, ...state() };
  }
}
