// `tsx scripts/editor/ensureEditorCli.ts`: installs the offline editor into its cache if it is not
// there yet (CI runs it before the tests so the install shows in the log as its own step). Prints one
// line saying why when it cannot.
import { EditorSetupError, ensureEditor } from './ensureEditor';

try {
  const paths = ensureEditor();
  console.log(`offline editor ready: ${paths.codeServerDir} (cache ${paths.cacheDir})`);
} catch (err) {
  console.error(err instanceof EditorSetupError ? `cannot install the offline editor: ${err.message}` : err);
  process.exit(1);
}
