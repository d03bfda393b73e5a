import type { Command } from 'commander';
import { MempError } from '../../core/errors.js';
import { escapeControlCharacters } from '../../core/text/escape-control-characters.js';
import { type ApiKeyStore, keyTrust } from '../../ports/api-key-store.js';
import { type GlobalOptions, globalOptions, print } from '../cli-context.js';

/** One-line stored text for the terminal: controls, line breaks, invisible and tag characters escaped. */
const one = (text: string): string => escapeControlCharacters(text);

/** Opens the command's key store (no engine: keys need neither model nor embedder), runs `work`, closes it. */
async function withKeys(
  command: Command,
  work: (keys: ApiKeyStore, options: GlobalOptions) => Promise<void>,
): Promise<void> {
  const options = globalOptions(command);
  const { openApiKeyStore } = await import('../open-store.js');
  const keys = await openApiKeyStore(options);
  try {
    await work(keys, options);
  } finally {
    await keys.close();
  }
}

/** `memp keys create|list|revoke`: API keys of the HTTP/MCP server, stored (hashed) in the same database. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage API keys for `memp serve`');
  keys
    .command('create')
    .description('create a key; it is printed once and only its salted hash is stored')
    .requiredOption('--role <role>', 'read | write | admin')
    .option('--name <name>', 'a label')
    .option(
      '--trust <level>',
      'trusted | untrusted: an untrusted key only proposes changes of what a memory serves (default: trusted for admin keys, untrusted otherwise)',
    )
    .addHelpText(
      'after',
      "\nThe key's namespace is the global --namespace (required here): a namespace, or '*' for all.",
    )
    .action(async (opts: { role: string; name?: string; trust?: string }, command: Command) => {
      // --namespace is the program's global option; here it must be given explicitly, never defaulted.
      if (command.parent?.parent?.getOptionValueSource('namespace') !== 'cli') {
        throw new MempError('INVALID_ARGUMENT', "--namespace is required: a namespace, or '*' for every namespace", {
          details: { field: '--namespace' },
        });
      }
      const { createApiKey } = await import('../../server/auth/create-api-key.js');
      await withKeys(command, async (keys, global) => {
        const { key, record } = await createApiKey({
          keys,
          namespace: global.namespace,
          role: opts.role,
          ...(opts.name ? { name: opts.name } : {}),
          ...(opts.trust ? { trust: opts.trust } : {}),
        });
        if (global.json) return print(JSON.stringify({ key, record }));
        print(key);
        process.stderr.write(
          `created key ${one(record.id)} (${one(record.role)} on ${one(record.namespace)}, ${keyTrust(record)}); store it now, it is not shown again\n`,
        );
      });
    });
  keys
    .command('list')
    .description('list keys (ids, namespaces, roles; never secrets)')
    .action(async (_opts: unknown, command: Command) => {
      await withKeys(command, async (keys, global) => {
        const records = await keys.listKeys();
        if (global.json) return print(JSON.stringify(records));
        if (records.length === 0) return print('no keys');
        // Every stored field is untrusted (a key's name arrives over HTTP): escaped, so it cannot drive the terminal.
        for (const k of records) {
          print(
            [
              one(k.id),
              one(k.role).padEnd(5),
              keyTrust(k).padEnd(9),
              one(k.namespace),
              one(k.createdAt),
              k.revokedAt ? `revoked ${one(k.revokedAt)}` : 'active',
              one(k.name ?? ''),
            ]
              .join('  ')
              .trimEnd(),
          );
        }
      });
    });
  keys
    .command('revoke')
    .description('revoke a key by id')
    .argument('<id>', 'key id (the part after memp_)')
    .action(async (id: string, _opts: unknown, command: Command) => {
      await withKeys(command, async (keys, global) => {
        const record = await keys.revokeKey({ id, at: new Date().toISOString() });
        print(global.json ? JSON.stringify(record) : `revoked ${one(record.id)}`);
      });
    });
}
