// Reads the extension's settings through a minimal view of VS Code's configuration API, with the
// workspace-trust rules applied. Pure (vscode.WorkspaceConfiguration fits ConfigReader), so the rules
// are unit-tested:
// - Settings that decide where requests go (provider, vertex.*, apiVersion, and VS Code's http.proxy*)
//   come from the user's own settings only while the workspace is not trusted, so a cloned repository's
//   .vscode/settings.json cannot redirect the user's traffic or credentials. So do those that put words
//   or powers into every request unseen (systemInstruction, safetySettings, tools.*) and the model: a
//   hidden instruction is a prompt injection, and safety filters turned off or Google Search turned on
//   are the user's choice to make.
// - baseUrl is application-scoped and always read from user settings (`inspect().globalValue`),
//   trusted or not: a workspace value is ignored even if one were passed through.
import type { SafetySetting } from '../core/types';
import { DEFAULT_SETTINGS, MAX_STOP_SEQUENCES, type ChatSettings, type Provider } from './settingsModel';

export interface ConfigReader {
  get<T>(key: string): T | undefined;
  inspect<T>(key: string): { globalValue?: T; defaultValue?: T } | undefined;
}

export interface ProxySettings {
  proxyUrl?: string;
  noProxy?: string[];
  strictSSL: boolean;
}

/** A value from the user's settings only (or the default). */
function userValue<T>(config: ConfigReader, key: string): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

function trafficValue<T>(config: ConfigReader, key: string, trusted: boolean): T | undefined {
  return trusted ? config.get<T>(key) : userValue<T>(config, key);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function settingsFrom(c: ConfigReader, trusted: boolean): ChatSettings {
  const provider: Provider = trafficValue<string>(c, 'provider', trusted) === 'vertex' ? 'vertex' : 'gemini';
  const safety = trafficValue<unknown>(c, 'safetySettings', trusted);
  const stop = c.get<unknown>('stopSequences');
  const settings: ChatSettings = {
    model: str(trafficValue(c, 'model', trusted)) ?? DEFAULT_SETTINGS.model,
    provider,
    vertex: { location: str(trafficValue(c, 'vertex.location', trusted)) ?? DEFAULT_SETTINGS.vertex.location },
    // Held to what the API takes, like the numbers below and for the same reason.
    stopSequences: Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string' && s !== '').slice(0, MAX_STOP_SEQUENCES) : [],
    thinking: { includeThoughts: c.get<boolean>('thinking.includeThoughts') === true },
    safetySettings: Array.isArray(safety)
      ? safety.filter((s): s is SafetySetting => !!s && typeof s.category === 'string' && typeof s.threshold === 'string')
      : [],
    tools: {
      googleSearch: trafficValue<boolean>(c, 'tools.googleSearch', trusted) === true,
      codeExecution: trafficValue<boolean>(c, 'tools.codeExecution', trusted) === true,
    },
    retry: { maxAttempts: Math.max(1, Math.min(10, Math.round(num(c.get('retry.maxAttempts')) ?? DEFAULT_SETTINGS.retry.maxAttempts))) },
    attachments: { maxInlineBytes: num(c.get('attachments.maxInlineBytes')) ?? DEFAULT_SETTINGS.attachments.maxInlineBytes },
  };
  const baseUrl = str(userValue(c, 'baseUrl'));
  if (baseUrl) settings.baseUrl = baseUrl;
  const apiVersion = str(trafficValue(c, 'apiVersion', trusted));
  if (apiVersion) settings.apiVersion = apiVersion;
  const project = str(trafficValue(c, 'vertex.project', trusted));
  if (project) settings.vertex.project = project;
  const system = str(trafficValue(c, 'systemInstruction', trusted));
  if (system) settings.systemInstruction = system;
  // Each number is held to the range the API takes (and package.json declares): settings.json accepts
  // any number, the settings editor only warns, and a number outside would fail every request of the
  // chats started with it (a chat keeps the settings it started with).
  const ranges = { temperature: [0, 2], topP: [0, 1], topK: [1, Infinity], maxOutputTokens: [1, Infinity], candidateCount: [1, 8] } as const;
  for (const [key, [min, max]] of Object.entries(ranges) as [keyof typeof ranges, readonly [number, number]][]) {
    const v = num(c.get(key));
    if (v === undefined) continue;
    const whole = key === 'topK' || key === 'maxOutputTokens' || key === 'candidateCount';
    settings[key] = Math.max(min, Math.min(max, whole ? Math.round(v) : v));
  }
  const budget = num(c.get('thinking.budget'));
  if (budget !== undefined) settings.thinking.budget = budget;
  return settings;
}

/** VS Code's own proxy settings (`http` section), user settings only in a restricted workspace. */
export function proxySettingsFrom(http: ConfigReader, trusted: boolean): ProxySettings {
  const proxyUrl = str(trafficValue(http, 'proxy', trusted));
  const noProxy = trafficValue<unknown>(http, 'noProxy', trusted);
  const strict = trafficValue<boolean>(http, 'proxyStrictSSL', trusted);
  return {
    ...(proxyUrl ? { proxyUrl } : {}),
    ...(Array.isArray(noProxy) && noProxy.length > 0 ? { noProxy: noProxy.filter((h): h is string => typeof h === 'string') } : {}),
    strictSSL: strict !== false,
  };
}
