// Loaded by the extension host as `extensionTestsPath`: runs every suite next to it with mocha.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';

/** Marks mocha's lines, so the runner can tell them from the workbench's own console. */
export const reportPrefix = '[four-eyes mocha] ';

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args).replace(/^/gm, reportPrefix));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
