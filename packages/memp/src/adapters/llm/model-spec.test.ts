import { describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { createEmbedderFromSpec, createEmbeddingModelFromSpec } from './create-embedder-from-spec.js';
import { createLanguageModel } from './create-language-model.js';
import { parseEmbedderSpec, parseModelSpec } from './model-spec.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isMempError(error) ? error.code : 'not a MempError';
  }
}

describe('parseModelSpec', () => {
  it('parses each provider', () => {
    expect(parseModelSpec({ spec: 'openai:gpt-4o-mini' })).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      id: 'openai:gpt-4o-mini',
    });
    expect(parseModelSpec({ spec: ' anthropic:claude-sonnet-4-5 ' })).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      id: 'anthropic:claude-sonnet-4-5',
    });
    expect(parseModelSpec({ spec: 'openai-compatible:http://localhost:11434/v1/#qwen2.5:14b' })).toEqual({
      provider: 'openai-compatible',
      model: 'qwen2.5:14b',
      baseURL: 'http://localhost:11434/v1',
      id: 'openai-compatible:qwen2.5:14b',
    });
  });

  it.each([
    [''],
    ['gpt-4o-mini'],
    [':gpt-4o'],
    ['mistral:large'],
    ['openai:'],
    ['openai:gpt 4o'],
    ['openai-compatible:http://localhost:11434/v1'],
    ['openai-compatible:http://localhost:11434/v1#'],
    ['openai-compatible:localhost:11434#qwen'],
    ['openai-compatible:ftp://host/v1#qwen'],
    ['openai-compatible:#qwen'],
  ])('rejects %j with INVALID_ARGUMENT', (spec) => {
    expect(codeOf(() => parseModelSpec({ spec }))).toBe('INVALID_ARGUMENT');
  });

  it('names the flag in the error details', () => {
    try {
      parseModelSpec({ spec: 'nope:x', field: '--model' });
    } catch (error) {
      expect(isMempError(error) && error.details.field).toBe('--model');
    }
  });
});

describe('parseEmbedderSpec', () => {
  it('knows the offline embedder and provider models', () => {
    expect(parseEmbedderSpec({ spec: 'offline' })).toEqual({ provider: 'offline' });
    expect(parseEmbedderSpec({ spec: 'hashing' })).toEqual({ provider: 'offline' });
    expect(parseEmbedderSpec({ spec: 'hashing:256' })).toEqual({ provider: 'offline', dimension: 256 });
    expect(parseEmbedderSpec({ spec: 'openai:text-embedding-3-small' })).toMatchObject({
      provider: 'openai',
      id: 'openai:text-embedding-3-small',
    });
  });

  it.each(['hashing:', 'hashing:0', 'hashing:x', 'local', 'openai-compatible:http://h/v1'])('rejects %j', (spec) => {
    expect(codeOf(() => parseEmbedderSpec({ spec }))).toBe('INVALID_ARGUMENT');
  });
});

describe('createLanguageModel', () => {
  it('creates a chat-completions model per provider when the key is present', () => {
    const openai = createLanguageModel({ spec: 'openai:gpt-4o-mini', env: { OPENAI_API_KEY: 'sk-test' } });
    expect(openai.provider).toBe('openai.chat');
    expect(openai.modelId).toBe('gpt-4o-mini');
    const anthropic = createLanguageModel({ spec: 'anthropic:claude-sonnet-4-5', env: { ANTHROPIC_API_KEY: 'k' } });
    expect(anthropic.provider).toBe('anthropic.messages');
    const local = createLanguageModel({ spec: 'openai-compatible:http://127.0.0.1:1/v1#qwen2.5:14b', env: {} });
    expect(local.modelId).toBe('qwen2.5:14b');
    expect(local.provider).toContain('openai-compatible');
  });

  it.each([
    ['openai:gpt-4o-mini', { ANTHROPIC_API_KEY: 'k' }],
    ['openai:gpt-4o-mini', { OPENAI_API_KEY: '  ' }],
    ['anthropic:claude-sonnet-4-5', { OPENAI_API_KEY: 'k' }],
  ])('fails %s with UNAUTHORIZED without its key', (spec, env) => {
    expect(codeOf(() => createLanguageModel({ spec, env }))).toBe('UNAUTHORIZED');
  });

  it('fails an unknown provider or malformed spec with INVALID_ARGUMENT before reading keys', () => {
    expect(codeOf(() => createLanguageModel({ spec: 'gemini:pro', env: {} }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => createLanguageModel({ spec: 'openai-compatible:http://h/v1', env: {} }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('embedder specs', () => {
  it('returns the offline hashing embedder for offline/hashing', async () => {
    expect((await createEmbedderFromSpec({ spec: 'offline' })).dimension).toBe(512);
    expect((await createEmbedderFromSpec({ spec: 'hashing:128' })).dimension).toBe(128);
  });

  it('creates provider embedding models and checks keys first', async () => {
    expect(
      createEmbeddingModelFromSpec({ spec: 'openai:text-embedding-3-small', env: { OPENAI_API_KEY: 'k' } }).modelId,
    ).toBe('text-embedding-3-small');
    expect(codeOf(() => createEmbeddingModelFromSpec({ spec: 'openai:text-embedding-3-small', env: {} }))).toBe(
      'UNAUTHORIZED',
    );
    expect(
      codeOf(() => createEmbeddingModelFromSpec({ spec: 'anthropic:claude', env: { ANTHROPIC_API_KEY: 'k' } })),
    ).toBe('INVALID_ARGUMENT');
    await expect(createEmbedderFromSpec({ spec: 'openai:text-embedding-3-small', env: {} })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
