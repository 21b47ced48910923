import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { renderContents, renderPart } from '../../../src/host/chat/answerMarkdown';

describe('model output as Markdown', () => {
  it('fences code so that backticks in it cannot close the block', () => {
    const { text } = renderPart({ executableCode: { language: 'PYTHON', code: 'print("```")\n' } });
    assert.match(text, /\n````python\nprint\("```"\)\n````\n/);
  });

  it('gives code of no stated language no language tag', () => {
    assert.equal(renderPart({ executableCode: { language: 'LANGUAGE_UNSPECIFIED', code: 'x = 1' } }).text, '\n\n```\nx = 1\n```\n\n');
  });

  it('keeps thoughts apart from the answer and renders a whole answer as the sum of its chunks', () => {
    const chunks = [
      { role: 'model', parts: [{ text: 'hmm', thought: true }] },
      { role: 'model', parts: [{ text: 'Result: ' }, { codeExecutionResult: { outcome: 'OUTCOME_FAILED', output: 'Traceback' } }] },
    ];
    const whole = renderContents(chunks);
    assert.equal(whole.thought, 'hmm');
    assert.equal(whole.text, chunks.map((c) => renderContents([c]).text).join(''));
    assert.match(whole.text, /```output\nTraceback\n```\n\nThe code failed\./, 'how the run ended, in words, after its output');
  });

  it('each thought summary, opening with its bold title, starts a paragraph of its own, streamed or whole', () => {
    const chunks = [
      { role: 'model', parts: [{ text: '**Analyzing the loop**\n\nThe bound is `i <= n`.', thought: true }] },
      { role: 'model', parts: [{ text: ' It runs once too often.', thought: true }] },
      { role: 'model', parts: [{ text: '**Formulating the answer**\n\nExplain with code.', thought: true }] },
    ];
    const whole = renderContents(chunks).thought;
    assert.equal(whole, chunks.map((c) => renderContents([c]).thought).join(''));
    const html = new MarkdownIt().render(whole);
    assert.match(html, /<p><strong>Formulating the answer<\/strong><\/p>/, 'the title is a paragraph of its own');
    assert.match(html, /<p>The bound is <code>i &lt;= n<\/code>\. It runs once too often\.<\/p>/, 'a part that goes on a summary goes on its paragraph');
  });

  it('shows a function call and its result by name, with their JSON, and a name cannot break out of its code span', () => {
    const { text } = renderContents([
      { role: 'model', parts: [{ functionCall: { name: 'add', args: { a: 2, b: 2 } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'add', response: { result: 4 } } }] },
      { role: 'model', parts: [{ text: 'It is 4.' }] },
      { role: 'model', parts: [{ functionCall: { name: 'x`\n# injected', args: {} } }] },
    ]);
    assert.equal(
      text,
      '\n\nFunction call `add`:\n\n```json\n{\n  "a": 2,\n  "b": 2\n}\n```\n\n' +
        '\n\nFunction result `add`:\n\n```json\n{\n  "result": 4\n}\n```\n\n' +
        'It is 4.' +
        '\n\nFunction call `x# injected`:\n\n```json\n{}\n```\n\n',
    );
  });
});
