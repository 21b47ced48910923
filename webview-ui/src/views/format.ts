// Display text for statuses, actions and token counts.
import type { AnswerStatus, UsageView, UserAction } from '../../../src/shared/protocol';

/** Each action's button: its label, and the codicon its command has in VS Code's menus. */
export const ACTIONS: Record<UserAction, { label: string; icon: string }> = {
  retry: { label: 'Retry', icon: 'refresh' },
  setApiKey: { label: 'Set API Key', icon: 'key' },
  selectModel: { label: 'Select Model…', icon: 'sparkle' },
  openSettings: { label: 'Open Settings', icon: 'settings-gear' },
  showLogs: { label: 'Show Logs', icon: 'output' },
  useSettings: { label: 'Use Them in This Chat', icon: 'settings' },
};

export const STATUS_LABELS: Record<AnswerStatus, string> = {
  streaming: 'answering',
  waiting: 'waiting',
  complete: '',
  stopped: 'stopped',
  interrupted: 'interrupted',
  error: 'error',
  blocked: 'blocked',
};

const number = new Intl.NumberFormat('en');

/** "1,234 in · 56 out · 7 thinking", or '' when nothing is known. */
export function formatUsage(usage: UsageView | undefined): string {
  if (!usage) return '';
  const parts: string[] = [];
  if (usage.prompt !== undefined) parts.push(`${number.format(usage.prompt)} in`);
  if (usage.output !== undefined) parts.push(`${number.format(usage.output)} out`);
  if (usage.thoughts) parts.push(`${number.format(usage.thoughts)} thinking`);
  if (parts.length === 0 && usage.total !== undefined) parts.push(`${number.format(usage.total)}`);
  return parts.length ? `Tokens: ${parts.join(' · ')}` : '';
}

/** "12,345 tokens": what a chat's answers used, the sum of their usages; '' when nothing is known. */
export function formatTotal(usages: (UsageView | undefined)[]): string {
  let total = 0;
  for (const usage of usages) total += usage?.total ?? (usage?.prompt ?? 0) + (usage?.output ?? 0) + (usage?.thoughts ?? 0);
  return total ? `${number.format(total)} tokens` : '';
}

export function secondsUntil(until: number, now = Date.now()): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}
