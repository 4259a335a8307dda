/**
 * The business step, given: you do not need to change it. It stands for the real work a message
 * asks for (a call to another system, a computation) and resolves to the amount to add to the
 * total of the message's key. It throws when this attempt cannot be processed:
 *
 *   payload.workMs         how long the work takes
 *   payload.failAttempts   the downstream fails attempts 1…failAttempts (a flaky dependency)
 *   payload.amount         not a number: a poison message, every attempt fails
 */
export interface Message {
  id: string;
  key: string;
  payload: any;
  /** 1 for the first delivery, 2 for the first redelivery… (the broker counts). */
  attempt: number;
  receipt: string;
}

export async function work(message: Message): Promise<number> {
  const { amount, workMs = 0, failAttempts = 0 } = message.payload ?? {};
  await new Promise((resolve) => setTimeout(resolve, Number(workMs) || 0));
  if (message.attempt <= Number(failAttempts)) throw new Error(`the downstream failed (attempt ${message.attempt})`);
  if (typeof amount !== 'number') throw new Error(`cannot process ${message.id}: "amount" is not a number`);
  return amount;
}
