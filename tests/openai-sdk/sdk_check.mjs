// The official OpenAI SDK for JavaScript against an rbee queen: a non-streaming and a streaming
// chat completion, a legacy completion, and errors (also of a stream refused before its first
// token). Prints one "ok ..." line per check; any failed check throws (non-zero exit). Env: RBEE_QUEEN_URL, RBEE_MODEL_NAME.
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: `${process.env.RBEE_QUEEN_URL}/v1`, apiKey: 'not-needed', maxRetries: 0 });
const model = process.env.RBEE_MODEL_NAME;
const messages = [
  { role: 'system', content: 'You tell short stories.' },
  { role: 'user', content: 'Once upon a time' },
];

const models = await client.models.list();
assert.ok(models.data.some((m) => m.id === model), 'the model is listed');
console.log('ok models.list');

const full = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0 });
assert.equal(full.object, 'chat.completion');
assert.equal(full.choices.length, 1);
assert.equal(full.choices[0].message.role, 'assistant');
assert.equal(typeof full.choices[0].message.content, 'string');
assert.ok(['stop', 'length'].includes(full.choices[0].finish_reason));
assert.ok(full.usage.prompt_tokens > 0);
assert.equal(full.usage.total_tokens, full.usage.prompt_tokens + full.usage.completion_tokens);
assert.equal(typeof full.usage.prompt_tokens_details?.cached_tokens, 'number', 'usage names the cached prompt tokens');
assert.ok(full.usage.prompt_tokens_details.cached_tokens <= full.usage.prompt_tokens);
console.log('ok chat.completions non-streaming', JSON.stringify(full.choices[0].message.content));

const stream = await client.chat.completions.create({
  model, messages, max_tokens: 16, temperature: 0, stream: true, stream_options: { include_usage: true },
});
let text = '';
let usage = null;
let finish = null;
let chunks = 0;
for await (const chunk of stream) {
  assert.equal(chunk.object, 'chat.completion.chunk');
  chunks += 1;
  if (chunk.usage) usage = chunk.usage;
  for (const choice of chunk.choices) {
    if (choice.delta?.content) text += choice.delta.content;
    if (choice.finish_reason) finish = choice.finish_reason;
  }
}
assert.ok(chunks > 2, 'tokens arrive as separate chunks');
assert.equal(text, full.choices[0].message.content, 'greedy: streamed text equals the non-streamed text');
assert.equal(finish, full.choices[0].finish_reason);
// The same counts; cached_tokens may differ (the second request can find the first one's prompt cached).
for (const key of ['prompt_tokens', 'completion_tokens', 'total_tokens']) assert.equal(usage[key], full.usage[key], key);
assert.equal(typeof usage.prompt_tokens_details?.cached_tokens, 'number', 'the usage chunk names the cached prompt tokens');
assert.ok(usage.prompt_tokens_details.cached_tokens <= usage.prompt_tokens);
console.log('ok chat.completions streaming', chunks, 'chunks');

const legacy = await client.completions.create({ model, prompt: 'Once upon a time', max_tokens: 8, temperature: 0 });
assert.equal(legacy.object, 'text_completion');
assert.equal(legacy.usage.completion_tokens, 8);
console.log('ok completions', JSON.stringify(legacy.choices[0].text));

// A model no worker serves or has served: OpenAI's 404 model_not_found, the SDK's NotFoundError.
await assert.rejects(
  client.chat.completions.create({ model: 'no-such-model', messages, max_tokens: 4 }),
  (err) => err instanceof OpenAI.NotFoundError && err.status === 404 && err.code === 'model_not_found'
    && /No available worker found for model 'no-such-model'/.test(err.message),
);
await assert.rejects(
  client.chat.completions.create({ model, messages, max_tokens: 4, temperature: 9 }),
  (err) => err instanceof OpenAI.BadRequestError && /temperature/.test(err.message),
);
// A worker that refuses the job before any token: the stream request itself fails with the
// status (400 here), as with OpenAI, instead of a 200 stream that carries the error.
await assert.rejects(
  client.chat.completions.create({
    model, messages: [{ role: 'user', content: 'bee '.repeat(20000) }], max_tokens: 4, stream: true,
  }),
  (err) => err instanceof OpenAI.BadRequestError && /context/.test(err.message),
);
console.log('ok errors');
