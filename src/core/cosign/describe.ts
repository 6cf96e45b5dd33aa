// What a co-signer is shown before deciding, the same lines in the terminal and in VS Code.
import type { CosignRequest } from './request';

// A request code comes from another machine: control characters (terminal escapes, carriage returns) and
// bidirectional overrides could make the shown command differ from the signed one, so they are shown as escapes.
const hidden = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** The text with every character that could hide or reorder others written as an escape. */
export function visible(text: string): string {
  return text.replace(hidden, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\t') return '\\t';
    if (char === '\r') return '\\r';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** `in 14 min`, `2 min ago`. */
function relative(milliseconds: number): string {
  const minutes = Math.round(Math.abs(milliseconds) / 60_000);
  const span = minutes < 1 ? 'less than a minute' : `${minutes} min`;
  return milliseconds >= 0 ? `in ${span}` : `${span} ago`;
}

/** One line per detail: agent, command, working directory, target, rule and reason, requester, expiry. */
export function describeRequest(request: CosignRequest, now: number): string[] {
  const { target, requester } = request;
  const left = Date.parse(request.expires) - now;
  return [
    `Agent: ${visible(request.agent)}`,
    `Command: ${visible(request.commandLine)}`,
    `Working directory: ${visible(request.cwd)} (in the requester's workspace)`,
    ...(target ? [`Target: ${visible(target.kind.replace(/-/g, ' '))} ${visible(target.name)}${target.production ? ' — PRODUCTION' : ''}`] : []),
    `Rule: ${visible(request.rule)} (${visible(request.level)}) — ${visible(request.reason)}`,
    `Requested by: ${visible(requester.name)} (key ${requester.keyId})`,
    `${left > 0 ? 'Expires' : 'Expired'}: ${request.expires} (${relative(left)})`,
  ];
}
