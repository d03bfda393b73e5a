import { MempError } from '../core/errors.js';

/** The port specification version this memp speaks (every port in `ports/` is at `v1`). */
export const PORT_SPECIFICATION_VERSION = 'v1';

/**
 * Refuses a port implementation written against another version of its specification: each of `ports` (named by
 * the option that carried it, e.g. `store`) must say `specificationVersion: 'v1'`. Undefined entries are skipped.
 * Fails with `INVALID_ARGUMENT` naming the option and the version found.
 */
export function checkPortVersions(ports: Record<string, object | undefined>): void {
  for (const [field, port] of Object.entries(ports)) {
    if (port === undefined) continue;
    const version: unknown = Reflect.get(port, 'specificationVersion');
    if (version === PORT_SPECIFICATION_VERSION) continue;
    throw new MempError(
      'INVALID_ARGUMENT',
      `${field} implements port specification ${JSON.stringify(version ?? null)}; this memp speaks ${PORT_SPECIFICATION_VERSION} (set specificationVersion: '${PORT_SPECIFICATION_VERSION}' after checking the port's interface)`,
      { details: { field } },
    );
  }
}
