// What integration suites share: waiting for the next command that asks a person.
import type { ApprovalRequest } from '../../../src/node/broker/broker';
import type { TestInterface } from '../../../src/extension/testInterface';

/** The next command that waits for a person. */
export function nextApproval(api: TestInterface): Promise<ApprovalRequest> {
  return new Promise((resolve) => {
    const stop = api.broker.onDidChangePending(() => {
      const [waiting] = api.broker.pending();
      if (!waiting) return;
      stop();
      resolve(waiting);
    });
  });
}
