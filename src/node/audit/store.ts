// Appends log entries as JSON Lines, one write per entry so concurrent writers never split a line.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LogEntry } from '../../core/audit/entry';

export class LogStore {
  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  append(entry: LogEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  /** Every complete entry; a torn last line (a crash mid-write) is skipped. */
  read(): LogEntry[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const entries: LogEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as LogEntry);
      } catch {
        // A torn line: the next issue's log reports it; here it is only not counted.
      }
    }
    return entries;
  }
}
