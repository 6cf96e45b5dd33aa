// A second editor window, as far as the log can tell: appends entries to a log once told to start.
// Usage: appender.ts FILE COUNT LABEL [ANCHOR KEY-HEX]; prints "ready", waits for a line on stdin, appends, prints "done".
import { createInterface } from 'node:readline';
import { LogAnchor } from '../../../src/node/audit/anchor';
import { LogStore } from '../../../src/node/audit/store';
import { newEntry } from './entries';

const [file, count, label, anchorFile, key] = process.argv.slice(2);
const store = new LogStore(file, anchorFile ? { anchor: new LogAnchor(file, anchorFile, { key: Buffer.from(key, 'hex') }) } : {});
const input = createInterface({ input: process.stdin });
async function append(): Promise<void> {
  // A window appends as requests arrive: bursts of entries with the event loop turning between them.
  for (let index = 0; index < Number(count); index++) {
    store.append(newEntry(index, { id: `${label}-${index}` }));
    if (index % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  process.stdout.write('done\n');
  input.close();
}

input.once('line', () => void append());
process.stdout.write('ready\n');
