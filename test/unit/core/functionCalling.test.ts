// Function calling in a chat (rule 11): manual (calls surfaced, the response sent as the next message)
// and automatic (handlers in config.automaticFunctionCalling, a maximum number of calls), checked
// against the recordings of the official SDK's automatic calling.
import { strict as assert } from 'node:assert';
import { json, loadRecording, replay, sse, type Recording } from '../../support/fakeGemini';
import type { Content, FunctionCall, GenerateContentConfig } from '../../../src/core';
import { bodyOf, clientFor, clientForRecording, configOf, drain, textChunk, withFakeGemini } from './helpers';

const fcChunk = (name: string, args: Record<string, unknown>, id?: string) => ({
  candidates: [{ content: { role: 'model', parts: [{ functionCall: { ...(id ? { id } : {}), name, args } }] }, finishReason: 'STOP' }],
});

function modelEntriesOf(interaction: Recording['interactions'][number] | undefined): Content[] {
  return (interaction?.response.bodySegments as { candidates: { content: Content }[] }[]).map((s) => s.candidates[0]?.content as Content);
}

describe('function calling', () => {
  const { fake } = withFakeGemini();

  it('manual: surfaces the calls and records the function response sent as the next message', async () => {
    fake().enqueue(json(fcChunk('getWeather', { city: 'Oslo' }, 'call-1')), sse([textChunk('Cold.', 'STOP')]));
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test', config: { tools: [{ functionDeclarations: [{ name: 'getWeather' }] }] } });
    const r = await chat.sendMessage('Weather in Oslo?');
    assert.deepEqual(r.functionCalls, [{ id: 'call-1', name: 'getWeather', args: { city: 'Oslo' } }]);
    const reply = { functionResponse: { id: 'call-1', name: 'getWeather', response: { temperature: -3 } } };
    await drain(await chat.sendMessageStream(reply));
    assert.deepEqual(chat.getHistory(), [
      { role: 'user', parts: [{ text: 'Weather in Oslo?' }] },
      { role: 'model', parts: [{ functionCall: { id: 'call-1', name: 'getWeather', args: { city: 'Oslo' } } }] },
      { role: 'user', parts: [reply] },
      { role: 'model', parts: [{ text: 'Cold.' }] },
    ]);
  });

  for (const file of ['AFC_Streaming_Tests_chat_stream_AFC_enabled_Google_AI_chat_stream', 'AFC_Streaming_Tests_chat_stream_AFC_enabled_Vertex_AI_chat_stream']) {
    it(`automatic, streamed: sends what the SDK sent (${file})`, async () => {
      const rec = loadRecording(file);
      rec.interactions.forEach((i) => fake().enqueue(replay(i)));
      const calls: FunctionCall[] = [];
      const config: GenerateContentConfig = {
        ...configOf(bodyOf(rec.interactions[0])),
        automaticFunctionCalling: {
          handlers: {
            customDivide: (_args, call) => {
              calls.push(call);
              return 42; // not an object: sent as {output: 42}
            },
          },
        },
      };
      const chat = clientForRecording(fake(), rec).chats.create({ model: 'gemini-2.0-flash', config });
      const chunks = await drain(await chat.sendMessageStream('Divide 10 by 2 using the customDivide function'));
      assert.equal(chunks.length, 1 + modelEntriesOf(rec.interactions[1]).length, 'the call chunk, then the answer chunks');
      assert.deepEqual(calls, [{ name: 'customDivide', args: { denominator: 2, numerator: 10 } }]);
      // Rule 11: [user, model(fc), user(fr), model(text)…], one model entry per streamed chunk.
      assert.deepEqual(chat.getHistory(), [...bodyOf(rec.interactions[1]).contents, ...modelEntriesOf(rec.interactions[1])]);
      assert.equal(chat.last?.text, modelEntriesOf(rec.interactions[1]).map((c) => c.parts[0]?.text).join(''));
      await drain(await chat.sendMessageStream('Thanks!'));
      assert.equal(fake().requests.length, 3);
      fake().requests.forEach((req, i) => assert.deepEqual(req.json, bodyOf(rec.interactions[i]), `body of request ${i}`));
    });
  }

  for (const file of [
    'AFC_Streaming_Tests_chat_stream_AFC_enabled_AFC_max_calls_exceeded_Google_AI_can_continue_after_max_calls_exceeded',
    'AFC_Streaming_Tests_chat_stream_AFC_enabled_AFC_max_calls_exceeded_Vertex_AI_can_continue_after_max_calls_exceeded',
  ]) {
    it(`automatic: stops at maximumRemoteCalls, thought signatures kept, and the chat goes on by hand (${file})`, async () => {
      const rec = loadRecording(file);
      rec.interactions.forEach((i) => fake().enqueue(replay(i)));
      let called = 0;
      const config: GenerateContentConfig = {
        ...configOf(bodyOf(rec.interactions[0])),
        automaticFunctionCalling: {
          handlers: {
            customDivide: () => {
              called++;
              return { output: 42 };
            },
          },
          maximumRemoteCalls: 1,
        },
      };
      const chat = clientForRecording(fake(), rec).chats.create({ model: 'gemini-2.5-flash', config });
      const first = bodyOf(rec.interactions[0]).contents.at(-1) as Content;
      await drain(await chat.sendMessageStream({ message: first.parts }));
      assert.equal(called, 1);
      assert.equal(chat.last?.functionCalls?.[0]?.args?.numerator, 42, 'the unanswered call is returned');
      const third = bodyOf(rec.interactions[2]).contents;
      await drain(await chat.sendMessageStream({ message: (third.at(-1) as Content).parts }));
      fake().requests.forEach((req, i) => assert.deepEqual(req.json, bodyOf(rec.interactions[i]), `body of request ${i}`));
      assert.deepEqual(chat.getHistory(), [...third, ...modelEntriesOf(rec.interactions[2])]);
    });
  }

  it('automatic, unary: two messages, each run through the printer (Chats_Tests_chat_automatic_function_calling)', async () => {
    const rec = loadRecording('Chats_Tests_chat_automatic_function_calling_test_chat_automatic_function_calling');
    rec.interactions.forEach((i) => fake().enqueue(replay(i)));
    const printed: unknown[] = [];
    const config: GenerateContentConfig = {
      ...configOf(bodyOf(rec.interactions[0])),
      automaticFunctionCalling: {
        handlers: {
          print: (args) => {
            printed.push(args);
            return { content: [] };
          },
          beep: () => ({ content: [] }),
        },
      },
    };
    const chat = clientFor(fake()).chats.create({ model: 'gemini-2.0-flash', config });
    const r1 = await chat.sendMessage('Use the printer to print a simple word: helloX1 in green');
    assert.equal(r1.text, 'OK. I have printed "helloX1" in green.\n');
    const r2 = await chat.sendMessage('Use the printer to print a simple word: hellox2 in blue');
    assert.equal(r2.text, 'OK. I have printed "hellox2" in blue.\n');
    assert.deepEqual(printed, [
      { color: 'green', text: 'helloX1' },
      { color: 'blue', text: 'hellox2' },
    ]);
    fake().requests.forEach((req, i) => assert.deepEqual(req.json, bodyOf(rec.interactions[i]), `body of request ${i}`));
    assert.equal(chat.getHistory().length, 8);
    assert.equal(chat.getHistory(true).length, 8);
  });

  it('automatic: a handler that throws sends the error back to the model; an unknown function stops the loop', async () => {
    fake().enqueue(json(fcChunk('flaky', {}, 'c1')), json(fcChunk('unknown', {})));
    const config: GenerateContentConfig = {
      automaticFunctionCalling: {
        handlers: {
          flaky: () => {
            throw new Error('disk full');
          },
        },
      },
    };
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test', config });
    const r = await chat.sendMessage('go');
    assert.deepEqual(r.functionCalls, [{ name: 'unknown', args: {} }]);
    const sent = (fake().requests[1]?.json as { contents: Content[] }).contents.at(-1);
    assert.deepEqual(sent, { role: 'user', parts: [{ functionResponse: { id: 'c1', name: 'flaky', response: { error: 'disk full' } } }] });
    assert.equal(chat.getHistory().length, 4);
    assert.ok(!('automaticFunctionCalling' in (fake().requests[0]?.json as object)), 'the handlers are never sent');
  });
});
