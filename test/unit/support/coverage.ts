// Root hook: once every suite has run, every rule of every pack must have fired in some test.
import * as assert from 'node:assert/strict';
import { rulesById } from '../../../src/core/rules/packs';
import { firedRules } from './engine';

export const mochaHooks = {
  afterAll(this: Mocha.Context): void {
    // Only a full run can tell; a single file run with --no-config does not load this hook.
    const untested = [...rulesById.keys()].filter((id) => !firedRules.has(id));
    assert.deepEqual(untested, [], `rules no test makes fire: ${untested.join(', ')}`);
  },
};
