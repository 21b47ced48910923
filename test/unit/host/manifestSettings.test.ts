// The settings' schemas in package.json, as the Settings UI checks a value against them.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Setting {
  pattern?: string;
  patternErrorMessage?: string;
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Setting> } };
};
const nls = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.nls.json'), 'utf8')) as Record<string, string>;

describe('settings in package.json', () => {
  it('geminiChat.baseUrl takes an http(s) address or nothing (its description says empty means Google\'s own), and says so otherwise', () => {
    const setting = manifest.contributes.configuration.properties['geminiChat.baseUrl']!;
    const accepts = (value: string) => new RegExp(setting.pattern!, 'u').test(value);
    for (const value of ['', 'http://127.0.0.1:8080', 'https://gateway.example.com/gemini']) assert.ok(accepts(value), `accepts ${JSON.stringify(value)}`);
    for (const value of ['generativelanguage.googleapis.com', 'ftp://example.com', 'https://a b']) assert.ok(!accepts(value), `refuses ${JSON.stringify(value)}`);
    assert.equal(nls[setting.patternErrorMessage!.slice(1, -1)], 'An http:// or https:// address, or empty for https://generativelanguage.googleapis.com.');
  });
});
