// The entry point `memp/testing`: what users need to test their own adapters and agents — the shared store contract
// suites (vitest: memory stores and API key stores), a scripted language model, and a loopback server speaking OpenAI's chat-completions wire format.
// Explicit named exports only.

export { runMemoryStoreContract } from './testing/memory-store-contract.js';
export { runApiKeyStoreContract } from './testing/api-key-store-contract.js';
export { createScriptedLanguageModel, httpError, networkError, promptText } from './testing/scripted-language-model.js';
export type { ScriptedCall, ScriptedReply } from './testing/scripted-language-model.js';
export { FakeChatCompletionsServer } from './testing/fake-chat-completions-server.js';
export type { ChatReply, ReceivedChatRequest } from './testing/fake-chat-completions-server.js';
