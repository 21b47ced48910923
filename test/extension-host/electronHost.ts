// Runs the in-host suite under @vscode/test-electron: in a desktop VS Code named by VSCODE_EXECUTABLE,
// or one it downloads (machines with internet only).
import { runTests } from '@vscode/test-electron';
import { REPO, SUITE_ENTRY } from './buildSuite';

export async function runUnderTestElectron(resultsFile: string, workspace: string): Promise<void> {
  await runTests({
    extensionDevelopmentPath: REPO,
    extensionTestsPath: SUITE_ENTRY,
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { GEMINI_CHAT_EH_RESULTS: resultsFile },
  });
}
