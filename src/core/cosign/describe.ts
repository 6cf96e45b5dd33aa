// What a co-signer is shown before deciding, the same lines in the terminal and in VS Code.
import { visible, visibleCommand } from '../text/visible';
import type { CosignRequest } from './request';

// A request code comes from another machine: control characters (terminal escapes, carriage returns) and bidirectional
// overrides could make the shown command differ from the signed one, so they go through the one escaping function.
// Nothing is cut: a co-signer signs the whole request, so they see the whole of it.
export { visible };

/** `in 14 min`, `2 min ago`. */
function relative(milliseconds: number): string {
  const minutes = Math.round(Math.abs(milliseconds) / 60_000);
  const span = minutes < 1 ? 'less than a minute' : `${minutes} min`;
  return milliseconds >= 0 ? `in ${span}` : `${span} ago`;
}

/** A command on one line, or as numbered lines under a heading. */
function commandLines(commandLine: string): string[] {
  const { lines } = visibleCommand(commandLine);
  if (lines.length === 1) return [`Command: ${lines[0].text}`];
  return [`Command, ${lines.length} lines:`, ...lines.map((line) => `  ${line.number}. ${line.text}`)];
}

/** One line per detail: target and rule first (nothing in the command can pass for them), then command, directory, agent, requester, expiry. */
export function describeRequest(request: CosignRequest, now: number): string[] {
  const { target, requester } = request;
  const left = Date.parse(request.expires) - now;
  return [
    ...(target ? [`Target: ${visible(target.kind.replace(/-/g, ' '))} ${visible(target.name)}${target.production ? ' — PRODUCTION' : ''}`] : []),
    `Rule: ${visible(request.rule)} (${visible(request.level)}) — ${visible(request.reason)}`,
    ...commandLines(request.commandLine),
    `Working directory: ${visible(request.cwd)} (in the requester's workspace)`,
    `Agent: ${visible(request.agent)}`,
    `Requested by: ${visible(requester.name)} (key ${visible(requester.keyId)})`,
    `${left > 0 ? 'Expires' : 'Expired'}: ${visible(request.expires)} (${relative(left)})`,
  ];
}
