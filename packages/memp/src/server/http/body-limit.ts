/** Default largest accepted request body, bytes (`memp serve --body-limit`): 10 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
