// Loads the host's translations; each view imports this first, since some of its text is built as its modules load.
import * as l10n from '@vscode/l10n';
import { l10nBundleId } from '../protocol/views';

const contents = document.getElementById(l10nBundleId)?.textContent;
// No element in English: l10n.t then returns the English text it is given.
if (contents) l10n.config({ contents });
