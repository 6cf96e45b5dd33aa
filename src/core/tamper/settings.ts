// Editor settings files hold much besides Four Eyes': only a change to what could loosen a gate waits for a person.
export { gateSettings } from '../rules/editorSettings';

/** Whether a watched file is an editor settings file, judged by `gateSettings` rather than as a whole. */
export function isEditorSettings(file: string, editorSettings: string | undefined): boolean {
  return file === editorSettings || /[\\/]\.vscode[\\/]settings\.json$/.test(file);
}
