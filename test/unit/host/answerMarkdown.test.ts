import assert from 'node:assert/strict';
import { renderContents, renderPart } from '../../../src/host/chat/answerMarkdown';

describe('model output as Markdown', () => {
  it('fences code so that backticks in it cannot close the block', () => {
    const { text } = renderPart({ executableCode: { language: 'PYTHON', code: 'print("```")\n' } });
    assert.match(text, /\n````python\nprint\("```"\)\n````\n/);
  });

  it('keeps thoughts apart from the answer and renders a whole answer as the sum of its chunks', () => {
    const chunks = [
      { role: 'model', parts: [{ text: 'hmm', thought: true }] },
      { role: 'model', parts: [{ text: 'Result: ' }, { codeExecutionResult: { outcome: 'OUTCOME_FAILED', output: 'Traceback' } }] },
    ];
    const whole = renderContents(chunks);
    assert.equal(whole.thought, 'hmm');
    assert.equal(whole.text, chunks.map((c) => renderContents([c]).text).join(''));
    assert.match(whole.text, /```output\nTraceback \(OUTCOME_FAILED\)\n```/);
  });
});
