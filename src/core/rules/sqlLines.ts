// A line that is SQL, not a command: an agent typing into a database shell it opened (psql, mysql, sqlite3) sends the
// statement as the terminal's next line. No program is called `DROP`, so judging the line as SQL costs no everyday command.
import type { SimpleCommand } from '../model/command';
import { sqlHits } from './databases';
import type { Hit, RuleContext, RulePack } from './rule';

/** Statement keywords that change data, schema or privileges, as the program name a shell would see. */
const statements = ['drop', 'delete', 'truncate', 'alter', 'grant', 'revoke', 'update', 'insert', 'upsert'];

function check(command: SimpleCommand, context: RuleContext): Hit[] {
  const text = [command.name, ...command.words].map((word) => word.text).join(' ');
  return sqlHits(text, 'generic', context);
}

export const sqlLinesPack: RulePack = {
  name: 'sql-lines',
  title: 'SQL typed as a line',
  programs: statements,
  // It reads these words as SQL only; a real program of the name (coreutils `truncate`) is still judged by its own pack.
  partial: true,
  rules: [],
  check,
};
