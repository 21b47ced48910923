// Whether a file may be attached at once, or only after the user says yes. Whatever is attached leaves
// the machine, so files that usually hold credentials ask first, as does anything outside the workspace
// and, in a workspace the user has not trusted, every file.
import * as path from 'node:path';

/** `reason` asks about one file; `why` says in a few words why it asks, for a question about several. */
export type AttachVerdict = { kind: 'allow' } | { kind: 'ask'; reason: string; why: string };

const SECRET_NAMES: readonly RegExp[] = [
  /^\.env(\..+)?$/i, // .env, .env.local, .env.production
  /^.+\.env$/i, // prod.env
  /\.(pem|key|p12|pfx|jks|keystore|kdbx|ppk|asc|gpg|pgp)$/i,
  /^id_[^.]+$/i, // id_rsa, id_ed25519 (their .pub halves are public)
  /^\.(npmrc|pypirc|netrc|pgpass|git-credentials|htpasswd)$/i,
  /^(credentials|secrets?)(\..+)?$/i,
  /^service[-_]?account.*\.json$/i,
  /^(terraform\.tfstate|.+\.tfvars)$/i,
];

/** Templates that exist precisely so they hold no secrets. */
const TEMPLATE_SUFFIX = /\.(example|sample|template|dist)$/i;

export function isLikelySecret(fileName: string): boolean {
  const base = path.win32.basename(fileName);
  if (TEMPLATE_SUFFIX.test(base)) return false;
  return SECRET_NAMES.some((pattern) => pattern.test(base));
}

export interface AttachContext {
  /** The path shown to the user (workspace-relative when inside it). */
  displayPath: string;
  insideWorkspace: boolean;
  workspaceTrusted: boolean;
  /** Where a link inside the workspace leads, when it leads outside. */
  linkTarget?: string;
  /**
   * The user picked this very file (open dialog, context menu), so its being outside the workspace is
   * no surprise; a drop, which is easy to do by accident, still asks.
   */
  chosenOnPurpose?: boolean;
}

export function attachVerdict(ctx: AttachContext): AttachVerdict {
  if (ctx.linkTarget) {
    return {
      kind: 'ask',
      reason: `“${ctx.displayPath}” is a link to ${ctx.linkTarget}, outside the workspace. Attach what it points to?`,
      why: `a link to ${ctx.linkTarget}, outside the workspace`,
    };
  }
  if (!ctx.insideWorkspace && !ctx.chosenOnPurpose) {
    return { kind: 'ask', reason: `“${ctx.displayPath}” is outside the workspace. Attach it anyway?`, why: 'outside the workspace' };
  }
  if (isLikelySecret(ctx.displayPath)) {
    return {
      kind: 'ask',
      reason: `“${ctx.displayPath}” may hold secrets (keys, passwords, tokens), and it would be sent to Gemini. Attach it anyway?`,
      why: 'may hold secrets (keys, passwords, tokens)',
    };
  }
  if (!ctx.workspaceTrusted && ctx.insideWorkspace) {
    return { kind: 'ask', reason: `This workspace is not trusted: attach “${ctx.displayPath}” and send it to Gemini?`, why: 'in a workspace you have not trusted' };
  }
  return { kind: 'allow' };
}

/** One question for several files that each need a yes: the files and why, one a line. */
export function questionForSeveral(asks: ReadonlyArray<{ displayPath: string; why: string }>): { question: string; detail: string; yes: string } {
  return {
    question: `Attach ${asks.length} files and send them to Gemini?`,
    detail: asks.map((a) => `“${a.displayPath}”: ${a.why}`).join('\n'),
    yes: `Attach ${asks.length} Files`,
  };
}
